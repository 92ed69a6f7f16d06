"""Sends a guest's file or place to a staff chat as the Telegram message that fits it (the
aiogram side of `core/guest_media.py`, which planned it)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.types import Message as TgMessage

from bot.admin_flow.core.guest_media import GuestFile, GuestPlace, Send

VENUE_TITLE = 100  # a place's name shown as the venue's title


async def send_media(
    bot: Bot,
    chat_id: int,
    media: GuestFile | GuestPlace,
    caption: str,
    markup: InlineKeyboardMarkup | None,
    thread: int | None,
) -> TgMessage:
    """`caption` goes with a file that can carry one; a sticker or a place cannot, and its
    buttons (which name the guest) say whose it is."""
    if isinstance(media, GuestPlace):
        if media.name or media.address:
            return await bot.send_venue(
                chat_id,
                media.latitude,
                media.longitude,
                title=(media.name or media.address)[:VENUE_TITLE],
                address=media.address or media.name,
                reply_markup=markup,
                message_thread_id=thread,
            )
        return await bot.send_location(
            chat_id, media.latitude, media.longitude, reply_markup=markup, message_thread_id=thread
        )
    file = BufferedInputFile(media.data, filename=media.file_name)
    if media.send is Send.VOICE:
        return await bot.send_voice(
            chat_id, file, caption=caption, reply_markup=markup, message_thread_id=thread
        )
    if media.send is Send.AUDIO:
        return await bot.send_audio(
            chat_id, file, caption=caption, reply_markup=markup, message_thread_id=thread
        )
    try:
        if media.send is Send.PHOTO:
            return await bot.send_photo(
                chat_id, file, caption=caption, reply_markup=markup, message_thread_id=thread
            )
        if media.send is Send.VIDEO:
            return await bot.send_video(
                chat_id, file, caption=caption, reply_markup=markup, message_thread_id=thread
            )
    except TelegramBadRequest:
        # Telegram takes a photo up to 10 MB and some videos not as videos (WhatsApp sends
        # up to 100 MB): the same bytes go as a file, which it takes up to 50 MB.
        file = BufferedInputFile(media.data, filename=media.file_name)
    if media.send is Send.STICKER:
        return await bot.send_sticker(chat_id, file, reply_markup=markup, message_thread_id=thread)
    return await bot.send_document(
        chat_id, file, caption=caption, reply_markup=markup, message_thread_id=thread
    )

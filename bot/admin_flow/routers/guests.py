"""Admin area: guests — /guest, /forget, /inbox, and answering a guest from Telegram: the
card's Take / Reply / Resolve, pressed in a private chat or in the hotel's group; Telegram's
own reply gesture (to a card, a forwarded guest message or a mark, or in the guest's forum
topic) with text, a photo or a document; and each answer's delivery mark with its Retry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core import guests, handling, inbox, requests, staff_reply
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.marks import render_mark
from bot.admin_flow.core.replies import Reply, parse_data, parse_id
from bot.admin_flow.notifier import CardDesk
from bot.admin_flow.render import keyboard, refuse, send, show
from bot.limits import STAFF_FILE_BYTES, STAFF_LINK_KEEP_DAYS
from bot.store.models import MessageStatus


class ReplyToGuest(StatesGroup):
    text = State()


# What a staff message may carry to a guest besides text (see `_file_of`).
_CARRIES_FILE = F.photo | F.document | F.voice | F.audio | F.video | F.video_note


def router() -> Router:
    r = Router(name="guests")
    r.message.register(guest_command, Command("guest"))
    r.message.register(forget_command, Command("forget"))
    r.message.register(inbox_command, Command("inbox"))
    r.message.register(reply_text, ReplyToGuest.text, F.text | _CARRIES_FILE, not_command)
    # Telegram's gesture: a reply to a bot message, or a message in a forum topic. What stands
    # for no guest falls through (private) or is the team's own talk (group).
    r.message.register(gesture, F.reply_to_message | F.is_topic_message, not_command)
    r.callback_query.register(on_button, F.data.regexp(r"^(guest|conv|req|mark):"))
    return r


def not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


async def guest_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await guests.guest_card(ctx, actor, command.args or ""))


async def forget_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await guests.forget_prompt(ctx, actor, command.args or ""))


async def inbox_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await send(message, await inbox.inbox(ctx, actor, in_group=message.chat.type != "private"))


async def reply_text(
    message: Message,
    state: FSMContext,
    actor: Actor,
    ctx: AdminContext,
    bot: Bot,
    cards: CardDesk | None = None,
) -> None:
    data = await state.get_data()
    await state.clear()
    await answer_guest(message, actor, ctx, bot, int(data["conversation"]), cards)


async def gesture(
    message: Message,
    state: FSMContext,
    actor: Actor,
    ctx: AdminContext,
    bot: Bot,
    cards: CardDesk | None = None,
) -> None:
    """A reply to a card, a forwarded guest message or a mark, or a message in a guest's topic,
    answers that guest. Found through the stored links, so it works after a restart."""
    group = message.chat.type != "private"
    if not group and await state.get_state() is not None:
        raise SkipHandler  # another dialog is waiting for this message
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    thread = message.message_thread_id if message.is_topic_message else None
    conversation_id = await staff_reply.conversation_of(message.chat.id, reply_to, thread)
    if conversation_id is None:
        replied = message.reply_to_message
        # In a forum topic, Telegram shows its creation as what every message replies to.
        if (
            replied is not None
            and replied.forum_topic_created is None
            and staff_reply.forgotten(
                replied.from_user is not None and replied.from_user.id == bot.id,
                replied.date,
                datetime.now(UTC),
            )
        ):
            await message.reply(ctx.t(actor, "admin.inbox.link_gone", days=STAFF_LINK_KEEP_DAYS))
            return
        if group:
            return  # the team's own talk
        raise SkipHandler
    await answer_guest(message, actor, ctx, bot, conversation_id, cards)


async def answer_guest(
    message: Message,
    actor: Actor,
    ctx: AdminContext,
    bot: Bot,
    conversation_id: int,
    cards: CardDesk | None = None,
) -> None:
    """Queue the staff message (text, photo, document, voice, audio or video) for the guest
    and put a delivery mark under it, which the notifier edits as the gateway reports."""
    group = message.chat.type != "private"
    conversation = await staff_reply.target(ctx, actor, conversation_id)
    if conversation is None:
        await send(message, Reply(ctx.t(actor, "admin.guests.already_gone")))
        return
    media: staff_reply.Media | None = None
    carried = _file_of(message)
    if carried is not None:
        media, problem = await _download(carried, ctx, actor, bot)
        if media is None:
            await message.reply(problem)
            return
    text = message.text or message.caption or ""
    parts: list[tuple[str, staff_reply.Media | None]] = [(text, media)]
    if media is not None and media.kind == "audioMessage" and text.strip():
        # WhatsApp shows no caption under audio: the words go first, as their own message.
        parts = [(text, None), ("", media)]
    # Every row is queued before any mark is posted: a failed mark loses no part of it.
    queued_rows: list[tuple[int, int, str]] = []  # (row, hotel, the guest's number as shown)
    try:
        for words, item in parts:
            queued = await staff_reply.answer(
                ctx, actor, conversation, words, in_group=group, media=item
            )
            if queued.message_id is None or queued.hotel_id is None:
                await send(message, queued.reply)
                break
            queued_rows.append((queued.message_id, queued.hotel_id, queued.chat))
    finally:
        if media is not None and len(queued_rows) < len(parts):
            await staff_reply.discard(media.path)  # its row was never written
    lang = ctx.i18n.pick(actor.language)
    for row_id, hotel_id, shown in queued_rows:
        mark = render_mark(ctx.i18n, lang, row_id, MessageStatus.PENDING.value, None, shown)
        sent = await message.reply(mark.text, reply_markup=keyboard(mark))
        await staff_reply.link(
            hotel_id, conversation.id, sent.chat.id, sent.message_id, "mark", row_id
        )
    if not queued_rows:
        return
    if cards is not None:  # the card's last messages, and "Save as answer" once it may teach
        await cards.refresh(conversation.id)


def _file_of(message: Message) -> tuple[str, int | None, str, str] | None:
    """(file id, size, name, WhatsApp kind) of the file a staff message carries, or None: a
    photo (its largest size), a document, a voice note or audio, a video or a round video."""
    if message.photo:
        item = message.photo[-1]
        return item.file_id, item.file_size, "photo.jpg", "imageMessage"
    if message.document:
        d = message.document
        return d.file_id, d.file_size, _name(d.file_name, "file"), "documentMessage"
    if message.voice:  # Telegram's voice notes are OGG/Opus, as WhatsApp's are
        return message.voice.file_id, message.voice.file_size, "voice.ogg", "audioMessage"
    if message.audio:
        a = message.audio
        return a.file_id, a.file_size, _name(a.file_name, "audio.mp3"), "audioMessage"
    if message.video:
        v = message.video
        return v.file_id, v.file_size, _name(v.file_name, "video.mp4"), "videoMessage"
    if message.video_note:
        note = message.video_note
        return note.file_id, note.file_size, "video.mp4", "videoMessage"
    return None


def _name(given: str | None, default: str) -> str:
    """A file name as sent, without any folder part, at most 100 characters."""
    return Path(given or default).name[:100] or default


async def _download(
    carried: tuple[str, int | None, str, str], ctx: AdminContext, actor: Actor, bot: Bot
) -> tuple[staff_reply.Media | None, str]:
    """The staff member's file (`_file_of`), saved under DATA_DIR with a name of its own,
    where the outbox reads it after a restart and removes it once sent."""
    file_id, size, name, kind = carried
    if size is not None and size > STAFF_FILE_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}"
        limit = STAFF_FILE_BYTES // 1024 // 1024
        return None, ctx.t(actor, "admin.marks.too_big", size=megabytes, limit=limit)
    path = await staff_reply.new_file(ctx, name)
    try:
        await bot.download(file_id, destination=path)
    except (TelegramAPIError, OSError, TimeoutError):
        await staff_reply.discard(path)
        return None, ctx.t(actor, "admin.marks.no_file")
    return staff_reply.Media(str(path), name, kind), ""


async def on_card(
    callback: CallbackQuery,
    action: str,
    number: int,
    actor: Actor,
    ctx: AdminContext,
    cards: CardDesk | None,
) -> None:
    """Take / Resolve: the card is not replaced by the answer; the presser gets a short note
    (an alert when someone else holds the chat) and every copy of the card is edited."""
    press = handling.take if action == "take" else handling.resolve
    outcome = await press(ctx, actor, number)
    await callback.answer(outcome.text, show_alert=not outcome.changed)
    if outcome.changed and outcome.conversation_id is not None and cards is not None:
        await cards.refresh(outcome.conversation_id, outcome.resolved_by)


async def on_request(
    callback: CallbackQuery,
    action: str,
    number: int,
    actor: Actor,
    ctx: AdminContext,
    cards: CardDesk | None,
) -> None:
    """A request's Take / Done, like the card's: a short note, every copy of the card edited."""
    press = requests.take if action == "take" else requests.done
    outcome = await press(ctx, actor, number)
    await callback.answer(outcome.text, show_alert=not outcome.changed)
    if outcome.changed and outcome.request_id is not None and cards is not None:
        await cards.refresh_request(outcome.request_id)


async def on_button(
    callback: CallbackQuery,
    state: FSMContext,
    actor: Actor,
    ctx: AdminContext,
    cards: CardDesk | None = None,
) -> None:
    area, action, args = parse_data(callback.data or "")
    try:
        number = parse_id(args[0]) if args else 0
        if number is None:
            raise ValueError(args[0])  # "out of date", as below
        reply: Reply
        if (area, action) == ("mark", "retry"):
            text, changed = await staff_reply.retry(ctx, actor, number)
            await callback.answer(text, show_alert=not changed)
            return
        if area == "conv" and action in ("take", "resolve"):
            await on_card(callback, action, number, actor, ctx, cards)
            return
        if area == "req" and action in ("take", "done"):
            await on_request(callback, action, number, actor, ctx, cards)
            return
        if (area, action) == ("conv", "reply"):
            # A new message, never an edit of the card: the card keeps its text and buttons.
            group = (
                isinstance(callback.message, Message) and callback.message.chat.type != "private"
            )
            reply = await guests.reply_prompt(ctx, actor, number, in_group=group)
            await state.set_state(ReplyToGuest.text)
            await state.update_data(conversation=number)
            await callback.answer()
            if isinstance(callback.message, Message):
                await send(callback.message, reply)
            return
        if (area, action) == ("guest", "forget"):
            reply = await guests.forget_guest(ctx, actor, number)
        elif (area, action) == ("guest", "keep"):
            reply = Reply(ctx.t(actor, "admin.guests.kept"))
        elif (area, action) == ("conv", "release"):
            # /inbox's "Back to the bot" is Resolve: the guest is told, the cards follow.
            outcome = await handling.resolve(ctx, actor, number)
            if outcome.changed and outcome.conversation_id is not None and cards is not None:
                await cards.refresh(outcome.conversation_id, outcome.resolved_by)
            reply = Reply(outcome.text)
        else:
            await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
            return
    except (ValueError, IndexError):
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await show(callback, reply)

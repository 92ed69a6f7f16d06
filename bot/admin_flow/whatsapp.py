"""Staff on WhatsApp: a hotel's registered staff phones command the bot by writing to it.

The same commands core answers as in Telegram, rendered as plain text. A number that is not a
registered staff phone of this hotel gets nothing here and stays a guest, so a guest typing
/status gets a guest's answer.
"""

from __future__ import annotations

import logging

from bot.admin_flow.core import bot_pause, inbox
from bot.admin_flow.core.access import NotAllowed
from bot.admin_flow.core.actor import Actor, phone_actor, phone_digits
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.admin_flow.core.reports import report_command
from bot.admin_flow.core.stats import stats_report
from bot.admin_flow.core.status import status_report
from bot.admin_flow.core.unanswered import unanswered_report
from bot.guest_flow.greenapi import GreenAPIError
from bot.store.hotels import HotelAccess

log = logging.getLogger(__name__)


async def staff_answer(
    ctx: AdminContext, hotel: HotelAccess, chat_id: str, text: str
) -> str | None:
    """The reply to a staff phone's message, or None when the sender is not staff here."""
    if phone_digits(chat_id) not in await ctx.staff_phones(hotel.hotel_id):
        return None
    actor = await phone_actor(hotel.hotel_id, chat_id, hotel.languages[0])
    if actor is None:
        return None
    word, _, rest = text.strip().partition(" ")
    command = word[1:].lower() if word.startswith("/") else ""
    try:
        if command == "status":
            reply = await status_report(ctx, actor)
        elif command == "stats":
            reply = await stats_report(ctx, actor, rest.split())
        elif command == "report":
            reply = await report_command(ctx, actor, rest.split())
            if reply.photo is not None:
                return await _image(ctx, hotel, chat_id, actor, reply)
        elif command == "inbox":
            reply = await inbox.inbox(ctx, actor)
        elif command == "unanswered":
            reply = await unanswered_report(ctx, actor, rest.split(), text_only=True)
        elif command == "bot":
            reply = await bot_pause.bot_command(ctx, actor, rest)
        else:
            reply = Reply(ctx.t(actor, "admin.guests.whatsapp_help"))
    except NotAllowed:
        reply = Reply(ctx.t(actor, "admin.common.not_allowed"))
    return reply.text


async def _image(
    ctx: AdminContext, hotel: HotelAccess, chat_id: str, actor: Actor, reply: Reply
) -> str:
    """The report image with its caption, uploaded (sendFileByUpload, to the media host) now;
    the text answer that follows through the outbox points at the other periods. When the
    upload fails, that answer carries the numbers instead."""
    assert reply.photo is not None
    try:
        await ctx.greenapi.send_file_by_upload(
            hotel.instance, chat_id, reply.photo, "report.png", reply.text
        )
    except GreenAPIError as exc:
        log.warning("hotel %s: report image not sent to staff: %s", hotel.hotel_id, exc)
        return f"{ctx.t(actor, 'admin.reports.whatsapp_no_image')}\n{reply.text}"
    return ctx.t(actor, "admin.reports.whatsapp_more")

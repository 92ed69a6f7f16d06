"""Staff on WhatsApp: a hotel's registered staff phones command the bot by writing to it.

The same commands core answers as in Telegram, rendered as plain text. A number that is not a
registered staff phone of this hotel gets nothing here and stays a guest, so a guest typing
/status gets a guest's answer.
"""

from __future__ import annotations

from bot.admin_flow.core import guests
from bot.admin_flow.core.access import NotAllowed
from bot.admin_flow.core.actor import phone_actor, phone_digits
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.admin_flow.core.stats import stats_report
from bot.admin_flow.core.status import status_report
from bot.store.hotels import HotelAccess


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
        elif command == "inbox":
            reply = await guests.inbox(ctx, actor)
        else:
            reply = Reply(ctx.t(actor, "admin.guests.whatsapp_help"))
    except NotAllowed:
        reply = Reply(ctx.t(actor, "admin.common.not_allowed"))
    return reply.text

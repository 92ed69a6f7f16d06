"""Filing a guest's service request, or joining it to the same one still open.

A guest who asks twice for towels within minutes ("towels please" ... "hello? towels!") wants
one delivery, not two tickets for two people to run with: the second message is added to the
first request while it is not done and was made less than `REQUEST_MERGE_MINUTES` ago. Kind
"other" never merges: two "other" requests are as likely two different things. Runs inside the
guest flow's transaction; a guest's messages are answered one at a time, so two of them never
race to merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.guest_flow.decide import Reply
from bot.guest_flow.request_details import parse
from bot.limits import GUEST_READ_CHARS, REQUEST_MERGE_MINUTES
from bot.store.models import ServiceRequest

OPEN = ("open", "in_progress")
TEXT_CHARS = 4_000  # a request's words, merged ones included, kept to this


@dataclass(frozen=True)
class Filed:
    number: int
    merged: bool  # joined an earlier request: the guest is told so, staff see it edited


async def file(
    hotel_id: int,
    guest_id: int,
    message_id: int,
    kind: str,
    text: str,
    note: str | None,
    now: datetime,
) -> Filed:
    words = f"{text}\n({note})" if note else text
    # The guest's own words first; the model's summary ("room 512, at 8:00: an iron") fills in.
    # Read as far as the rest of the flow reads a guest (`GUEST_READ_CHARS`): a 60,000
    # character message costs no more than that.
    found = parse(text[:GUEST_READ_CHARS], kind).as_json()
    if note:
        found = {**parse(note[:GUEST_READ_CHARS], kind).as_json(), **found}
    earlier = None
    if kind != "other":
        earlier = (
            await ServiceRequest.filter(
                hotel_id=hotel_id,
                guest_id=guest_id,
                kind=kind,
                status__in=OPEN,
                created_at__gte=now - timedelta(minutes=REQUEST_MERGE_MINUTES),
            )
            .order_by("-id")
            .first()
        )
    if earlier is not None:
        details = earlier.details if isinstance(earlier.details, dict) else {}
        joined = f"{earlier.text}\n{words}"
        if len(joined) > TEXT_CHARS:  # the first words and the latest ones, both matter
            half = TEXT_CHARS // 2
            joined = f"{joined[:half]}\n…\n{joined[-half:]}"
        # Only while still open: staff may press Done between the read and this write (on
        # PostgreSQL nothing holds the row), and a repeat of a done request is a new one.
        joins = await ServiceRequest.filter(id=earlier.id, status__in=OPEN).update(
            text=joined, details={**details, **found} or None
        )
        if joins:
            return Filed(earlier.id, True)
    request = await ServiceRequest.create(
        hotel_id=hotel_id,
        guest_id=guest_id,
        message_id=message_id,
        kind=kind,
        text=words,
        details=found or None,
    )
    return Filed(request.id, False)


def merged_replies(replies: Sequence[Reply]) -> list[Reply]:
    """The guest's confirmation of a request that joined an earlier one: "added to #N"."""
    return [
        replace(r, template="request_merged") if r.template == "request_received" else r
        for r in replies
    ]

"""/audit filters and pages: a change must not hide behind a flood of refusals."""

from __future__ import annotations

from bot.store.models import AuditEntry, Hotel
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    buttons,
    text,
)
from tests.fakes.telegram import FakeTelegram
from tests.test_admin_staff import NOT_ALLOWED, forge, invite_code

USAGE = "Usage: /audit"


def entry_lines(body: str, action: str) -> list[str]:
    return [line for line in body.splitlines() if f" · {action} · " in line]


async def test_audit_filters_and_pages_past_a_flood_of_refusals(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    await invite_code(chat(MANAGER_ID), f"support {admin_hotel.id}")  # the one change
    support = chat(SUPPORT_ID)
    for _ in range(22):
        assert NOT_ALLOWED in text(await support.say("/staff"))
    admin = chat(SUPER_ADMIN_ID)

    latest = (await admin.say("/audit"))[0]
    assert len(entry_lines(latest.text or "", "refused")) == 20
    assert not entry_lines(latest.text or "", "invite_created")  # hidden, as the issue says
    assert "Page 1 of 2 (23 entries)" in (latest.text or "")

    changes = text(await admin.say("/audit changes"))
    assert len(entry_lines(changes, "invite_created")) == 1
    assert not entry_lines(changes, "refused")
    assert "Shown: changes. Page 1 of 1" in changes

    refusals = (await admin.say("/audit refusals"))[0]
    body = refusals.text or ""
    assert body.startswith("Audit log, the latest 20 ")
    assert len(entry_lines(body, "refused")) == 20 and not entry_lines(body, "invite_created")
    assert [t for t, _ in buttons(refusals)] == ["Older »"]
    _, older = await admin.click(refusals, buttons(refusals)[0][1])
    page_two = older[-1].text or ""
    assert page_two.startswith("Audit log, entries 21–22 of 22 ")
    assert len(entry_lines(page_two, "refused")) == 2 and "Page 2 of 2" in page_two
    assert [t for t, _ in buttons(older[-1])] == ["« Newer"]
    _, newer = await admin.click(older[-1], buttons(older[-1])[0][1])
    assert (newer[-1].text or "").startswith("Audit log, the latest 20 ")

    at_hotel = text(await admin.say(f"/audit hotel {admin_hotel.id}"))
    assert len(entry_lines(at_hotel, "invite_created")) == 1
    assert not entry_lines(at_hotel, "refused") and "Test Hotel" in at_hotel
    by_manager = text(await admin.say(f"/audit tg:{MANAGER_ID}"))
    assert len(entry_lines(by_manager, "invite_created")) == 1
    assert not entry_lines(by_manager, "refused")
    by_support = text(await admin.say(f"/audit refusals {SUPPORT_ID} hotel {admin_hotel.id}"))
    assert "No audit entries match." in by_support
    combined = (await admin.say(f"/audit {SUPPORT_ID} refusals"))[0]
    assert "Shown: refusals, tg:3000. Page 1 of 2 (22 entries)" in (combined.text or "")
    assert [d for _, d in buttons(combined)] == [f"numbers:audit:r:0:t{SUPPORT_ID}:1"]

    for bad in ("bogus", "hotel", "hotel x", "changes refusals", "changes changes", "tg:x"):
        assert USAGE in text(await admin.say(f"/audit {bad}")), bad

    answer = await forge(fake_tg, admin, refusals, "numbers:audit:x:0:-:1")
    assert "out of date" in answer.params["text"]
    answer = await forge(fake_tg, support, refusals, "numbers:audit:r:0:-:1")
    assert NOT_ALLOWED in answer.params["text"]
    assert await AuditEntry.filter(action="refused", actor=f"tg:{SUPPORT_ID}").count() == 23

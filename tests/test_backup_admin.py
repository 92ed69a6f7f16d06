"""/backup and /backups through the fake Telegram Bot API, and the file they send checked by
`python main.py restore --check`."""

from __future__ import annotations

import pathlib
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.store.models import AuditEntry, Preference
from tests.backup_support import cli_for
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    data_of,
)
from tests.fakes.telegram import FakeTelegram


async def test_backup_from_chat_sends_a_file_that_restore_check_accepts(
    admin_client: Client, admin_hotel: object, chat: Chat, db_url: str, tmp_path: Path
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    working, document = await admin.say("/backup", replies=2, timeout=60.0)
    assert "Making a backup" in (working.text or "")
    assert document.method == "sendDocument", document
    name, content = document.files["document"]
    assert name.startswith("hotel-backup-") and name.endswith(".backup")
    caption = document.text or ""
    assert "verified" in caption and "hotels 1" in caption and "staff 2" in caption, caption
    assert content[:8] == b"HBBACKUP"  # encrypted: nothing of the database shows
    assert b"Test Hotel" not in content and b"CREATE TABLE" not in content

    received = tmp_path / "received" / name
    received.parent.mkdir()
    received.write_bytes(content)
    checked = await cli_for(db_url, tmp_path / "elsewhere").run(
        "restore", "--check", str(received)
    )
    assert checked.code == 0, str(checked)
    assert "hotels 1" in checked.stdout and "staff 2" in checked.stdout, str(checked)
    assert await AuditEntry.filter(action="backup", actor=f"tg:{SUPER_ADMIN_ID}").count() == 1

    # /backups lists it, verified, with a button that sends it again.
    listing = (await admin.say("/backups"))[0]
    assert "verified ✅" in (listing.text or "") and "Nightly backup at 03:00 UTC" in (
        listing.text or ""
    )
    send = data_of(listing, "bkp:send:")
    _, again = await admin.click(listing, send)
    assert again[-1].method == "sendDocument" and again[-1].files["document"][1] == content
    _, stale = await admin.click(listing, "bkp:send:hotel-backup-19990101T000000Z", forged=True)
    assert "no longer stored" in (stale[-1].text or "")

    # Notices: failures only by default; "on" reports every night.
    assert "only when a nightly backup fails" in (listing.text or "")
    on = (await admin.say("/backups notify on"))[0]
    assert "every nightly backup" in (on.text or "")
    assert (await Preference.get(key="backup:notify")).value == "on"
    usage = (await admin.say("/backups sometimes"))[0]
    assert "Usage" in (usage.text or "")


async def test_managers_and_support_are_refused_and_audited(
    admin_client: Client, admin_hotel: object, chat: Chat, fake_tg: FakeTelegram, tmp_path: Path
) -> None:
    for who in (MANAGER_ID, SUPPORT_ID):
        for command in ("/backup", "/backups", "/backups notify on"):
            replies = await chat(who).say(command)
            assert len(replies) == 1 and "Not allowed" in (replies[0].text or ""), replies
            assert replies[0].method == "sendMessage"
        # A forged button press is refused the same way.
        menu = (await chat(who).say("/help"))[0]
        assert "/backup" not in (menu.text or "")
        answer, _ = await chat(who).click(
            menu, "bkp:send:hotel-backup-20260302T030000Z", replies=0, forged=True
        )
        assert answer.params.get("show_alert") and "Not allowed" in answer.params["text"]
    refusals = await AuditEntry.filter(action="refused")
    backup_refusals = [r for r in refusals if r.details["after"].get("permission") == "backup"]
    assert len(backup_refusals) == 8
    assert {r.actor for r in backup_refusals} == {f"tg:{MANAGER_ID}", f"tg:{SUPPORT_ID}"}
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*.backup"))
    assert not await Preference.exists(key="backup:notify")
    assert "/backup" in ((await chat(SUPER_ADMIN_ID).say("/help"))[0].text or "")


async def test_backup_errors_and_rows_are_said_in_the_admins_language(
    admin_client: Client, admin_hotel: object, chat: Chat, tmp_path: Path
) -> None:
    admin = chat(SUPER_ADMIN_ID, "ru")
    (tmp_path / "backups").write_text("not a folder")  # the backups folder cannot be made
    _, failed = await admin.say("/backup", replies=2, timeout=60.0)
    text = failed.text or ""
    assert text.startswith("❌"), text
    assert "не удаётся записать в" in text and str(tmp_path / "backups") in text, text
    assert "Error" not in text and "Errno" not in text, text

    (tmp_path / "backups").unlink()
    _, document = await admin.say("/backup", replies=2, timeout=60.0)
    caption = document.text or ""
    assert "отели 1" in caption and "сотрудники 2" in caption, caption
    assert "hotels" not in caption and "staff " not in caption, caption


def test_a_full_disk_is_named_as_such() -> None:
    """A real ENOSPC (writing to /dev/full), as the super admin and the shell read it."""
    from bot.backup import store
    from bot.i18n import I18n

    try:
        with open("/dev/full", "wb", buffering=0) as full:
            full.write(b"x")
    except OSError as exc:
        error = exc
    else:
        raise AssertionError("/dev/full took a write")
    refused = store.disk_refusal(error)
    assert refused is not None
    i18n = I18n()
    assert i18n.refusal(refused, "en").startswith("the disk is full")
    assert i18n.refusal(refused, "ru").startswith("диск заполнен")


async def test_backups_listing_and_lookup_read_the_disk_off_the_event_loop(
    admin_client: Client,
    admin_hotel: object,
    chat: Chat,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The folder's glob (the listing, and the lookup behind a button) runs in a worker thread,
    never on the thread that runs the server's loop."""
    admin = chat(SUPER_ADMIN_ID)
    await admin.say("/backup", replies=2, timeout=60.0)
    globbed: list[threading.Thread] = []
    real_glob = pathlib.Path.glob

    def glob(self: pathlib.Path, pattern: str, **kwargs: Any) -> Any:
        if pattern.startswith("hotel-"):
            globbed.append(threading.current_thread())
        return real_glob(self, pattern, **kwargs)

    monkeypatch.setattr(pathlib.Path, "glob", glob)
    listing = (await admin.say("/backups"))[0]
    _, again = await admin.click(listing, data_of(listing, "bkp:send:"))
    assert again[-1].method == "sendDocument"
    assert len(globbed) >= 2, globbed
    assert threading.main_thread() not in globbed, globbed

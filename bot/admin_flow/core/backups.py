"""Admin area: backups — /backup, /backups (list, send one, notify on|off), nightly notices.

Super admins only (Permission.BACKUP): a backup holds every hotel's guests. The file goes out
encrypted (bot/backup/crypto.py); one over Telegram's upload limit stays on the server, and
the answer says where. The work runs in worker threads (bot/backup/service.py), so guests keep
getting answers while it runs.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot import limits
from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply
from bot.backup import store
from bot.backup.crypto import BackupRefused
from bot.backup.nightly import NOTIFY_KEY, Outcome, notify_always
from bot.backup.service import make_backup
from bot.store.models import Preference, Staff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupAnswer:
    """What to say, and the backup file to send with it (None: too large, or nothing made)."""

    reply: Reply
    file: Path | None = None


def _when(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def describe(ctx: AdminContext, lang: str, info: dict[str, Any], size: int, name: str) -> str:
    """The caption: when, how big, verified, and the rows it holds."""
    rows = store.rows_text(info.get("counts") or {}, ctx.i18n, lang)
    return ctx.i18n.t(
        "admin.backups.made",
        lang,
        name=name,
        when=_when(info.get("created_at") or datetime.now().astimezone()),
        size=store.human_size(size),
        schema=info.get("schema") or "?",
        rows=rows,
    )


def _reason(ctx: AdminContext, lang: str, exc: BaseException) -> str:
    """Why, in the super admin's language when we can say it (a full disk, a folder we may
    not write); anything else as the error itself, the log holding the rest."""
    refused = exc if isinstance(exc, BackupRefused) else store.disk_refusal(exc)
    if refused is not None:
        return ctx.i18n.refusal(refused, lang)
    return f"{type(exc).__name__}: {exc}"[:300]


async def begin(ctx: AdminContext, actor: Actor) -> str:
    """The permission check and the "working on it" note sent before the work starts."""
    await require(actor, Permission.BACKUP)
    return ctx.t(actor, "admin.backups.working")


async def backup_now(ctx: AdminContext, actor: Actor) -> BackupAnswer:
    await require(actor, Permission.BACKUP)
    lang = ctx.i18n.pick(actor.language)
    try:
        made = await make_backup(ctx.settings)
    except Exception as exc:
        if not isinstance(exc, BackupRefused):
            log.exception("backup from chat failed")
        await audit(actor, "backup_failed", after={"error": type(exc).__name__})
        return BackupAnswer(
            Reply(ctx.t(actor, "admin.backups.failed", error=_reason(ctx, lang, exc)))
        )
    await audit(actor, "backup", after={"file": made.path.name, "size": made.size})
    return _offer(ctx, actor, made.manifest, made.size, made.path)


def _offer(
    ctx: AdminContext, actor: Actor, info: dict[str, Any], size: int, path: Path
) -> BackupAnswer:
    text = describe(ctx, ctx.i18n.pick(actor.language), info, size, path.name)
    if size > limits.TELEGRAM_UPLOAD_BYTES:
        too_big = ctx.t(
            actor,
            "admin.backups.too_big",
            path=str(path.resolve()),
            limit=store.human_size(limits.TELEGRAM_UPLOAD_BYTES),
        )
        return BackupAnswer(Reply(f"{text}\n\n{too_big}"))
    return BackupAnswer(Reply(text), path)


async def list_backups(ctx: AdminContext, actor: Actor, args: str = "") -> Reply:
    """/backups, and /backups notify on|off."""
    await require(actor, Permission.BACKUP)
    words = args.split()
    if words:
        if len(words) == 2 and words[0].lower() == "notify" and words[1].lower() in ("on", "off"):
            return await set_notify(ctx, actor, words[1].lower() == "on")
        return Reply(ctx.t(actor, "admin.backups.usage"))
    # Disk reads (a glob, a stat and a sidecar per file): off the loop, as all backup work.
    stored = (await asyncio.to_thread(store.listing, ctx.settings.data_dir))[
        : limits.BACKUPS_SHOWN
    ]
    notify = ctx.t(
        actor, "admin.backups.notify_on" if await notify_always() else "admin.backups.notify_off"
    )
    nightly = ctx.t(
        actor,
        "admin.backups.nightly",
        time=ctx.settings.backup_time,
        daily=ctx.settings.backup_keep_daily,
        weekly=ctx.settings.backup_keep_weekly,
    )
    if not stored:
        return Reply("\n".join([ctx.t(actor, "admin.backups.none"), nightly, notify]))
    folder = await asyncio.to_thread(lambda: store.folder(ctx.settings.data_dir).resolve())
    lines = [ctx.t(actor, "admin.backups.title", folder=str(folder))]
    buttons: list[list[Button]] = []
    for b in stored:
        mark = ctx.t(actor, "admin.backups.verified" if b.verified else "admin.backups.unverified")
        lines.append(f"{_when(b.created)} · {store.human_size(b.size)} · {mark}")
        buttons.append(
            [
                Button.of(
                    ctx.t(actor, "admin.backups.send_button", when=_when(b.created)),
                    "bkp",
                    "send",
                    b.stem,
                )
            ]
        )
    lines += ["", nightly, notify]
    return Reply("\n".join(lines), buttons)


async def send_stored(ctx: AdminContext, actor: Actor, stem: str) -> BackupAnswer:
    await require(actor, Permission.BACKUP)
    found = await asyncio.to_thread(store.find, ctx.settings.data_dir, stem)
    if found is None:
        return BackupAnswer(Reply(ctx.t(actor, "admin.backups.gone")))
    await audit(actor, "backup_sent", after={"file": found.path.name})
    info = {**found.info, "created_at": found.created.isoformat()}
    return _offer(ctx, actor, info, found.size, found.path)


async def set_notify(ctx: AdminContext, actor: Actor, on: bool) -> Reply:
    await require(actor, Permission.BACKUP)
    value = "on" if on else "off"
    before = await Preference.get_or_none(key=NOTIFY_KEY)
    await Preference.update_or_create(defaults={"value": value}, key=NOTIFY_KEY)
    await audit(
        actor,
        "backup_notify",
        before={"notify": before.value if before else "off"},
        after={"notify": value},
    )
    return Reply(
        ctx.t(actor, "admin.backups.notify_set_on" if on else "admin.backups.notify_set_off")
    )


async def super_admins(ctx: AdminContext) -> list[tuple[int, str]]:
    """(telegram id, language) of every super admin (SUPER_ADMIN_IDS)."""
    rows = await Staff.filter(telegram_id__in=list(ctx.settings.admin_ids), language__isnull=False)
    languages = {r.telegram_id: r.language for r in rows if r.language}
    return [(tid, ctx.i18n.pick(languages.get(tid))) for tid in sorted(ctx.settings.admin_ids)]


def nightly_text(ctx: AdminContext, lang: str, outcome: Outcome) -> str:
    if outcome.made is None:
        error = _reason(ctx, lang, outcome.error) if outcome.error else "?"
        return ctx.i18n.t("admin.backups.nightly_failed", lang, error=error)
    made = outcome.made
    text = describe(ctx, lang, made.manifest, made.size, made.path.name)
    return ctx.i18n.t("admin.backups.nightly_done", lang, pruned=outcome.pruned) + "\n" + text

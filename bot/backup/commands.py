"""`python main.py backup | restore [--check] FILE | export FILE | import FILE [--replace]`.

Each refusal is said in the shell's language (LANG) on stderr, with exit code 2; nothing is
changed by a refused command.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from bot.backup import service, snapshot, store
from bot.backup.crypto import BackupRefused
from bot.cli import err, out
from bot.config import Settings
from bot.i18n import I18n
from bot.store import db


def _when(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return "?"


async def run_backup_command(
    settings: Settings, i18n: I18n, command: str, args: argparse.Namespace
) -> int:
    lang = i18n.pick(settings.cli_language)

    def t(key: str, **values: object) -> str:
        return i18n.t(f"backups.cli.{key}", lang, **values)

    try:
        if command == "backup":
            made = await _backup(settings)
            out(
                t(
                    "made",
                    path=made.path.resolve(),
                    size=store.human_size(made.size),
                    when=_when(made.manifest["created_at"]),
                    schema=made.manifest["schema"],
                    rows=store.rows_text(made.manifest["counts"], i18n, lang),
                )
            )
        elif command == "restore" and args.check:
            checked, size = await service.check(settings, args.file)
            head = checked.manifest
            out(
                t(
                    "checked",
                    path=args.file,
                    kind=head["kind"],
                    source=head.get("source", "?"),
                    when=_when(head.get("created_at")),
                    size=store.human_size(size),
                    schema=head["schema"],
                    status=t(f"status_{checked.schema_status}"),
                    rows=store.rows_text(head["counts"], i18n, lang),
                )
            )
        elif command == "restore":
            restored = await service.restore(settings, args.file)
            head = restored.manifest
            out(
                t(
                    "restored",
                    path=args.file,
                    when=_when(head.get("created_at")),
                    rows=store.rows_text(head["counts"], i18n, lang),
                )
            )
            if restored.saved is not None:
                out(t("saved", path=restored.saved.resolve()))
            if restored.migrated:
                out(t("migrated"))
        elif command == "export":
            await db.init_db(settings.db_url)
            try:
                made = await service.export_to(settings, args.file)
            finally:
                await db.close_db()
            out(
                t(
                    "exported",
                    path=args.file,
                    size=store.human_size(made.size),
                    rows=store.rows_text(made.manifest["counts"], i18n, lang),
                )
            )
        elif command == "import":
            with store.no_server(settings.data_dir):
                await db.init_db(settings.db_url)
                try:
                    counts, saved = await service.import_from(
                        settings, args.file, replace=args.replace
                    )
                finally:
                    await db.close_db()
            out(t("imported", path=args.file, rows=store.rows_text(counts, i18n, lang)))
            if saved is not None:
                out(t("saved", path=saved.resolve()))
    except (BackupRefused, OSError) as exc:
        refused = exc if isinstance(exc, BackupRefused) else store.disk_refusal(exc)
        if refused is None:
            raise
        err(i18n.t("cli.error", lang, error=i18n.refusal(refused, lang)))
        return 2
    return 0


async def _backup(settings: Settings) -> service.Made:
    """SQLite is copied straight from its file; any other database is read through Tortoise."""
    if snapshot.sqlite_path(settings.db_url) is not None:
        return await service.make_backup(settings)
    await db.init_db(settings.db_url)
    try:
        return await service.make_backup(settings)
    finally:
        await db.close_db()

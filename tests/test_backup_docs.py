"""docs/operations.md: the `python main.py` commands it shows, run as written, in its order.

Each line of the manual is taken from the manual itself; only its placeholders are filled in
(a token, the name of the backup just made). The server (`python main.py` alone) runs in
test_cli; `createdb` is the database's own tool, not ours.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from bot.cli import build_parser
from tests.backup_support import PG, cli_for, dump, tables
from tests.test_cli import Cli, query

MANUAL = Path(__file__).resolve().parent.parent / "docs" / "operations.md"
EXAMPLE_BACKUP = "hotel-backup-20260302T030000Z.backup"


def manual_commands() -> list[list[str]]:
    """Each `python main.py ...` in the manual (in code spans and blocks), as argv."""
    text = MANUAL.read_text("utf-8").replace("\\\n", " ")
    found = []
    for match in re.finditer(r"python main\.py ([^`\n]*)", text):
        args = shlex.split(match[1].split("#")[0])
        found.append([a for a in args if a])
    return found


def test_every_command_in_the_manual_parses() -> None:
    commands = manual_commands()
    seen = {c[0] for c in commands if c}
    assert {"backup", "restore", "export", "import", "hotel", "knowledge", "migrate"} <= seen
    parser = build_parser()
    for args in commands:
        args = [re.sub(r"<[^>]*>", "X", a) for a in args]
        parsed = parser.parse_args(args)
        assert parsed.command == args[0], args


async def test_the_manuals_commands_run_as_written(db_url: str, tmp_path: Path) -> None:
    """First setup, backup, check, restore, export, then import (and import --replace) into
    a second, empty database: every command exits 0, and the import holds the same rows."""
    base = cli_for(db_url, tmp_path / "data")  # DATA_DIR=data, as `./scripts/run` sets it
    env = {k: v for k, v in base.env.items() if k != "GREEN_API_HOSTS"}  # Green API's own hosts
    cli = Cli(env=env, cwd=tmp_path)
    shutil.copy(
        Path(__file__).parent / "fixtures" / "knowledge" / "good.yaml", tmp_path / "knowledge.yaml"
    )
    target = (
        f"sqlite://{tmp_path / 'new.db'}"  # "the new one"; on the PostgreSQL pass: back to SQLite
    )
    made_name: str | None = None
    ran: list[str] = []
    for args in manual_commands():
        if args and args[0] == "import":
            run = await cli.run(*args, DATABASE_URL=target)
        else:
            args = [a.replace("<apiTokenInstance>", "t" * 20) for a in args]
            if made_name:
                args = [a.replace(EXAMPLE_BACKUP, made_name) for a in args]
            run = await cli.run(*args)
        assert run.code == 0, str(run)
        if args and args[0] == "backup":
            found = re.search(r"data/backups/(hotel-backup-\S+\.backup)", run.stdout)
            assert found, str(run)
            made_name = found[1]
        flag = args[1:2] if args[0] in ("hotel", "knowledge") or args[1:2] == ["--check"] else []
        ran.append(" ".join([args[0], *flag, *(a for a in args[1:] if a == "--replace")]))
    assert ran == [
        "hotel add",
        "knowledge import",
        "hotel list",
        "migrate",
        "backup",
        "restore --check",
        "restore",
        "export",
        "import",
        "import --replace",
        "backup",  # the incidents table's "make one now"
    ], ran

    names = await tables(db_url)
    assert names == await tables(target)
    for name in names:
        count = f'SELECT COUNT(*) FROM "{name}"'  # noqa: S608
        assert await query(db_url, count) == await query(target, count), name
    if not PG:
        assert await dump(db_url) == await dump(target)

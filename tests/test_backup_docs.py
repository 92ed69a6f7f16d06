"""docs/operations.md: every `python main.py` command it shows is one the command line takes.

The commands themselves run in the other tests (test_backup_restore, test_backup_portable,
test_cli); this keeps the manual from drifting away from them.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from bot.cli import build_parser

MANUAL = Path(__file__).resolve().parent.parent / "docs" / "operations.md"


def manual_commands() -> list[list[str]]:
    text = MANUAL.read_text("utf-8").replace("\\\n", " ")
    found = []
    for match in re.finditer(r"python main\.py ([^`\n]*)", text):
        args = shlex.split(re.sub(r"<[^>]*>", "X", match[1]))
        found.append([a for a in args if a])
    return found


def test_every_command_in_the_manual_parses() -> None:
    commands = manual_commands()
    seen = {c[0] for c in commands if c}
    assert {"backup", "restore", "export", "import", "hotel", "knowledge", "migrate"} <= seen
    parser = build_parser()
    for args in commands:
        parsed = parser.parse_args(args)
        assert parsed.command == args[0], args

"""What the server loads at start: the heavy libraries only when something uses them.

aiogram (~160 MB of pydantic models), matplotlib (~60 MB) and the openai SDK cost memory in every
deployment that imports them. `main.py` builds its whole command line at start, so one careless
top-level import in any subcommand's module puts them all into the guest server. A fresh
interpreter is the only honest place to look: this test process has them all loaded already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "aiogram", "openai")


def test_the_server_and_its_command_line_import_no_heavy_library() -> None:
    code = (
        "import sys, main, bot.cli, bot.app\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

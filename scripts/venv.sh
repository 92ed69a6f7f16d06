# Shared by scripts/run and scripts/test: create .venv with Python 3.11+ and install the
# project into it, again only when pyproject.toml changed since the last install.
ensure_venv() {
  local extra="${1:-}"
  local py=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      py="$candidate"; break
    fi
  done
  if [ -z "$py" ]; then
    echo "Python 3.11 or newer is needed (python3 --version)." >&2
    exit 1
  fi
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  local stamp=".venv/.installed${extra:+-$extra}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "== installing into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".${extra:+[$extra]}"
    touch "$stamp"
  fi
}

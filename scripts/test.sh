#!/usr/bin/env bash
# The whole test suite (what CI runs).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash "$ROOT/scripts/install-browser.sh"   # Debian's chromium for the JupyterLab browser test (root only)
bash "$ROOT/scripts/install-sandbox-tools.sh"   # bubblewrap for the unprivileged red-team runs (root only)
"$PY" -m pytest "$@"

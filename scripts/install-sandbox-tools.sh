#!/usr/bin/env bash
# Install bubblewrap for tests/test_redteam_user.py (the sandbox's path where user namespaces
# are not allowed). Does something only when bwrap is missing and we are root with apt-get;
# otherwise it says why it does nothing and exits 0 (that part of the test then skips, saying so).
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then
  echo "install-sandbox-tools: $(command -v bwrap) is present ($(bwrap --version 2>/dev/null || echo 'version unknown')); nothing to do" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-sandbox-tools: bwrap is missing and we are not root; not installing (its test will skip)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-sandbox-tools: bwrap is missing and apt-get is not available; not installing (its test will skip)" >&2
  exit 0
fi
echo "install-sandbox-tools: bwrap is missing; running: apt-get update && apt-get install -y --no-install-recommends bubblewrap" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends bubblewrap >&2
echo "install-sandbox-tools: installed $(bwrap --version 2>/dev/null || echo bwrap)" >&2

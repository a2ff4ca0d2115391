#!/usr/bin/env bash
# Install the toolchain and dependencies, build every package and run every test.
# This is the README's test command. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.8" ]; then
  npm install -g pnpm@10.34.8 >/dev/null
fi
pnpm install --frozen-lockfile
# Debian's python3-onnx for the ONNX export test's onnx.checker (the test is skipped, saying why, without it).
/usr/bin/python3 -c 'import onnx' >/dev/null 2>&1 || {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx >/dev/null 2>&1 ||
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx >/dev/null)) ||
      echo "warning: could not install python3-onnx with apt-get; the onnx.checker test will be skipped" >&2
  fi
}
# Headless Chromium for the report's browser test (the test is skipped, saying why, without it).
command -v chromium >/dev/null 2>&1 || {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ||
      echo "warning: could not install chromium with apt-get; the report browser test will be skipped" >&2
  fi
}
# A real single-node SLURM (Debian packages) for the sweep runner's SLURM tests; stopped when
# this script ends. Without it (not root, no apt-get) those tests are skipped, saying why.
if [ "${OLFACTORY_SKIP_SLURM:-0}" != 1 ]; then
  if bash scripts/slurm/start-slurm.sh; then
    trap 'bash scripts/slurm/stop-slurm.sh || true' EXIT
  else
    echo "warning: could not start the test SLURM cluster; the SLURM tests will try once more, or skip saying why" >&2
  fi
fi
pnpm test

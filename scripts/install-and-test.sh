#!/usr/bin/env bash
# Install the toolchain and dependencies, build every package and run every test.
# This is the README's test command. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.8" ]; then
  npm install -g pnpm@10.34.8 >/dev/null
fi
pnpm install --frozen-lockfile
pnpm test

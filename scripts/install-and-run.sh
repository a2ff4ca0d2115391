#!/usr/bin/env bash
# Install the toolchain and dependencies, build, and run the main job: fetch/verify the data,
# then `olfactory reproduce` — recompute the shipped canonical models through onnxruntime, draw
# every figure and write the HTML report (olfactory-reproduce/report.html). Extra arguments go to
# `olfactory reproduce` (e.g. --retrain, --out DIR, --device cpu).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.8" ]; then
  npm install -g pnpm@10.34.8 >/dev/null
fi
pnpm install --frozen-lockfile
TURBO_TELEMETRY_DISABLED=1 pnpm build
node apps/cli/dist/cli.js data fetch
node apps/cli/dist/cli.js reproduce "$@"

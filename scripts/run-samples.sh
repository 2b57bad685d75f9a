#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is missing, build, and run the
# sample pipeline over samples/ with the local engine. Results go to out/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --static-swift-stdlib --product ocr-pipeline
.build/release/ocr-pipeline run samples/pipeline.json samples -o "${1:-out}"

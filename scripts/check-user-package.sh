#!/usr/bin/env bash
# Builds Examples/UserPackage — a user's own package with a custom stage and runner, the one the
# README shows — against this package by path, and runs its stage on a sample. Its build folder
# is .build-user (its own copy of the dependencies: a first build takes minutes).
# Usage: scripts/check-user-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --package-path Examples/UserPackage --scratch-path .build-user
runner=.build-user/debug/my-ocr
"$runner" stages | grep -q '^exposure' || { echo "check-user-package: the custom stage is not listed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/pipeline.json" <<'JSON'
{"version": 1, "stages": [{"type": "decode"}, {"type": "exposure", "params": {"target": 255}},
                          {"type": "recognize", "params": {"engine": "tesseract", "languages": "eng"}}, {"type": "merge"}]}
JSON
"$runner" run "$work/pipeline.json" samples/document.png -o "$work/out" --quiet
grep -q '"gain"' "$work/out/document.png.json" || { echo "check-user-package: the custom stage did not run" >&2; exit 1; }
grep -q 'Invoice' "$work/out/document.png.json" || { echo "check-user-package: the image was not read" >&2; exit 1; }
echo "check-user-package: Examples/UserPackage builds against this package and its stage runs"

#!/usr/bin/env bash
# Coverage-guided fuzzing of decode → fit with libFuzzer.
#   scripts/fuzz-decode.sh [SECONDS] [-- LIBFUZZER_OPTIONS...]
# Builds ocr-pipeline-fuzz-decode with -sanitize=fuzzer into .build-fuzz (its own scratch path,
# so the normal build is untouched), seeds a corpus folder from samples/ and ../shared/corpus
# (when present), and runs for SECONDS (default 60). Inputs that crash are written to
# .build-fuzz/crashers/; replay one with the normal build:
#   swift build --product ocr-pipeline-fuzz-decode && .build/debug/ocr-pipeline-fuzz-decode FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
[ "${1:-}" = "--" ] && shift
swift build --scratch-path .build-fuzz --product ocr-pipeline-fuzz-decode -Xswiftc -sanitize=fuzzer \
  -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld -Xlinker --export-dynamic >/dev/null
corpus=.build-fuzz/corpus
mkdir -p "$corpus" .build-fuzz/crashers
for seed in samples/*.jpg samples/*.png samples/*.pdf samples/*.tif ../shared/corpus/files/*; do
  [ -f "$seed" ] || continue
  size=$(stat -c %s "$seed")
  [ "$size" -le 262144 ] && cp -n "$seed" "$corpus/" 2>/dev/null || true
done
exec .build-fuzz/debug/ocr-pipeline-fuzz-decode "$corpus" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
  -timeout=30 -artifact_prefix=.build-fuzz/crashers/ "$@"

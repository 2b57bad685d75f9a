#!/usr/bin/env bash
# Builds Examples/UserPackage — a user's own package with a custom stage and runner, the one the
# README shows — as a user would: depending on this package by URL and version. The URL is
# pointed at a tagged snapshot of this checkout (its tracked and new files, committed as 1.0.0),
# so what SwiftPM accepts from a released dependency is checked, not a path dependency's laxer
# rules. Then runs its stage on a sample. Its build folder is .build-user (its own copy of the
# dependencies: a first build takes minutes).
# Usage: scripts/check-user-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
snapshot=$root/.build-user/snapshot/ocr-pipeline
consumer=$root/.build-user/snapshot/my-ocr-runner

# A snapshot is a new commit under the same tag: forget the previous one SwiftPM cached.
rm -rf "$snapshot" "$consumer" .build-user/repositories/ocr-pipeline-* .build-user/checkouts/ocr-pipeline .build-user/workspace-state.json
mkdir -p "$snapshot" "$consumer"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  if [[ -e "$file" ]]; then printf '%s\0' "$file"; fi
done | tar --null -T - -cf - | tar -xf - -C "$snapshot"
(
  cd "$snapshot"
  export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
  git init -q && git add -A && git -c user.name=check -c user.email=check@localhost commit -q -m snapshot && git tag 1.0.0
)
cp -R Examples/UserPackage/. "$consumer/"
sed -i "s|https://github.com/ocr-pipeline/ocr-pipeline|file://$snapshot|" "$consumer/Package.swift"
grep -q "file://$snapshot\", from: \"1.0.0\"" "$consumer/Package.swift" \
  || { echo "check-user-package: Examples/UserPackage/Package.swift no longer names ocr-pipeline by URL and from: \"1.0.0\"" >&2; exit 1; }

swift build --package-path "$consumer" --scratch-path .build-user
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
echo "check-user-package: Examples/UserPackage builds against ocr-pipeline 1.0.0 by URL and its stage runs"

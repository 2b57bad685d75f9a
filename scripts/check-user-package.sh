#!/usr/bin/env bash
# Builds Examples/UserPackage — a user's own package with a custom stage and runner, the one the
# README shows — as a user would: depending on this package by URL and version. The URL is
# pointed at a tagged snapshot of this checkout (its tracked and new files, committed as 1.0.0),
# so what SwiftPM accepts from a released dependency is checked, not a path dependency's laxer
# rules. Then runs its stage, the README's library example and a core-only program on samples. Its build folder is .build-user (its own copy of the
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

# A program that uses the core alone builds where no engine library is installed: Tesseract's
# and ONNX Runtime's headers, libraries and pkg-config file are hidden (in a mount namespace of
# this command only) while it builds.
hidden=(/usr/include/tesseract /usr/local/include/onnxruntime /usr/include/onnxruntime
  /usr/lib/x86_64-linux-gnu/pkgconfig/tesseract.pc /usr/lib/x86_64-linux-gnu/libtesseract.so /usr/lib/x86_64-linux-gnu/libtesseract.a)
if unshare -rm true 2>/dev/null; then
  mkdir -p .build-user/empty
  unshare -rm bash -c '
    for path in "${@:2}"; do
      if [[ -d $path ]]; then mount --bind "$1" "$path"; elif [[ -e $path ]]; then mount --bind /dev/null "$path"; fi
    done
    if pkg-config --exists tesseract || [[ -n "$(ls -A /usr/include/tesseract 2>/dev/null)" ]]; then echo "check-user-package: Tesseract is still visible" >&2; exit 1; fi
    swift build --package-path "'"$consumer"'" --scratch-path .build-user --product shrink-photos' hide .build-user/empty "${hidden[@]}"
else
  echo "check-user-package: no user namespaces here: shrink-photos is built with the engine libraries present" >&2
  swift build --package-path "$consumer" --scratch-path .build-user --product shrink-photos
fi

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

# The README's library example, run where it expects its files.
cp samples/pipeline.json "$work/pipeline.json"
cp samples/camera-photo-exif6.jpg "$work/photo.jpg"
mkdir -p "$work/img" && cp samples/document.png "$work/img/"
(cd "$work" && "$root/.build-user/debug/read-folder") > "$work/read-folder.txt"
for expected in '^Platform 4 closed for repairs' '^document.png ok' '^1 0 succeeded'; do
  grep -q "$expected" "$work/read-folder.txt" || { echo "check-user-package: read-folder printed no line like $expected: $(cat "$work/read-folder.txt")" >&2; exit 1; }
done

# The core-only program prepares a photo too large for the request (12 MB of noise) and passes
# one that fits.
mkdir -p "$work/photos" && cp samples/document.png "$work/photos/"
python3 - "$work/photos/noise.png" <<'PY'
import os, struct, sys, zlib
width, height = 4000, 3000
def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\0" + os.urandom(width) for _ in range(height))
header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))
PY
"$root/.build-user/debug/shrink-photos" "$work/photos" "$work/shrunk" | grep -q '^2 prepared, 0 failed' \
  || { echo "check-user-package: shrink-photos did not prepare the photos" >&2; exit 1; }
cmp -s samples/document.png "$work/shrunk/document.png.payload.png" || { echo "check-user-package: a photo that fits was not passed as it is" >&2; exit 1; }
size=$(stat -c %s "$work/shrunk/noise.png.payload.jpg")
(( size < 4500000 )) || { echo "check-user-package: the noise photo's payload ($size bytes) is too large for a 6 MB body" >&2; exit 1; }
echo "check-user-package: Examples/UserPackage builds against ocr-pipeline 1.0.0 by URL (its core-only program with no engine library present); its stage, the README's library example and the core-only program run"

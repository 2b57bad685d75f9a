#!/usr/bin/env bash
# Installs Tencent's official Python SDK for API 3.0 (tencentcloud-sdk-python, pinned and checked by
# sha256 in scripts/sdk-requirements.txt) into .build-sdk/, where the server's tests run it as an
# unmodified client of `ocr-pipeline serve`. Skips the work when that exact set is present.
# Usage: scripts/install-sdk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=.build-sdk
stamp="$target/.requirements.sha256"
wanted=$(sha256sum scripts/sdk-requirements.txt | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "install-sdk: tencentcloud-sdk-python present in $target"
  exit 0
fi
rm -rf "$target"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --require-hashes --only-binary=:all: \
  --platform any --implementation py --python-version 3.11 --target "$target" -r scripts/sdk-requirements.txt
echo "$wanted" > "$stamp"
echo "install-sdk: tencentcloud-sdk-python installed in $target"

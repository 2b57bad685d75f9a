#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CI runs this through .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-sdk.sh
# Formatting is checked first: `swift format format --in-place --recursive Sources Tests Plugins Examples Package.swift` fixes it.
swift format lint --strict --recursive --parallel Sources Tests Plugins Examples Package.swift
swift build --build-tests
swift test --skip-build --disable-xctest
# A user's own package (the README's example) builds against this one by path, and its stage runs.
scripts/check-user-package.sh

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CI runs this through .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-sdk.sh
# Formatting is checked first: `swift format format --in-place --recursive Sources Tests Plugins Package.swift` fixes it.
swift format lint --strict --recursive --parallel Sources Tests Plugins Package.swift
swift build --build-tests
swift test --skip-build --disable-xctest

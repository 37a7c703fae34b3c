#!/usr/bin/env bash
# Configure and build progrep into build/ (PROGREP_BUILD_DIR).
# Warnings are errors only in CI (scripts/test.sh sets PROGREP_WERROR=ON and
# builds into build-ci/). The setting is always given, never left to the
# cache: a build/ that once had -Werror kept it, and README's package build
# (`cmake -S . -B build ... --target package`) then stopped on a warning.
# PROGREP_CONFIGURE_ONLY=1 stops after configuring (tests/golden/install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${PROGREP_BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DPROGREP_WERROR="${PROGREP_WERROR:-OFF}" >/dev/null
[ "${PROGREP_CONFIGURE_ONLY:-0}" = 1 ] && exit 0
cmake --build "$BUILD" -j"$(nproc)"

#!/usr/bin/env bash
# Every test: install what is needed, build with warnings as errors (into
# build-ci/, so build/ keeps no -Werror for README's package build), run the
# unit and golden tests (with the fuzz corpora replayed and one render under
# valgrind, tests/golden/valgrind.sh); then again built with AddressSanitizer
# and UndefinedBehaviorSanitizer; then the fuzz targets built with clang and
# libFuzzer (so they cannot rot) replay their corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
# -Werror in a folder of its own: build/ stays as README's commands leave it.
PROGREP_WERROR=ON PROGREP_BUILD_DIR=build-ci bash scripts/build.sh
(cd build-ci && ctest --output-on-failure -j"$(nproc)")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPROGREP_WERROR=ON \
	-DPROGREP_SANITIZE=address,undefined,float-cast-overflow >/dev/null
cmake --build build-asan -j"$(nproc)"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$(nproc)")

bash scripts/fuzz.sh 0

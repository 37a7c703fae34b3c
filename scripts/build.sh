#!/usr/bin/env bash
# Configure and build progrep into build/ (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROGREP_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"

#!/usr/bin/env bash
# The main job on the shipped sample: install what is needed, build, and
# compute the Xinjiang 2019 report's indicators (region level, 2019).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
./build/progrep check templates/xinjiang-2019.yaml
./build/progrep compute templates/xinjiang-2019.yaml --level region --period 2019

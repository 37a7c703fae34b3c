#!/usr/bin/env bash
# The main job on the shipped sample: install what is needed, build, check
# the Xinjiang 2019 config and data, and render the report to
# out/xinjiang-2019.pdf (plus its headline figures on standard output).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
mkdir -p out
./build/progrep check templates/xinjiang-2019.yaml
./build/progrep compute templates/xinjiang-2019.yaml --level region --period 2019
./build/progrep render templates/xinjiang-2019.yaml -o out/xinjiang-2019.pdf
echo "wrote out/xinjiang-2019.pdf"

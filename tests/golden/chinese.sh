#!/usr/bin/env bash
# Chinese indicator ids end to end (tests/golden/chinese/): check, compute,
# explain and render --format text read and print them; names in formulas
# and placeholders follow the same rule; ids that break it are refused with
# their position, and a misspelt Chinese name gets a suggestion.
# PROGREP_UPDATE_GOLDEN=1 rewrites the expected files.
source "$(dirname "$0")/lib.bash"
D=tests/golden/chinese
E=$D/expected

# case_ NAME ARGS...: stdout, stderr and exit code against $E/NAME.txt
case_() {
	local name=$1
	shift
	"$PROGREP" "$@" >"$TMP/got" 2>&1
	echo "exit: $?" >>"$TMP/got"
	expect_same "$name" "$TMP/got" "$E/$name.txt"
}

case_ check check $D/report.yaml
case_ compute compute $D/report.yaml --period 2019
case_ explain explain $D/report.yaml 贫困发生率 --region 11
case_ explain-json explain $D/report.yaml 减贫人数_2015 --format json
case_ explain-unknown explain $D/report.yaml 贫困发生
case_ render render $D/report.yaml --format text -o -

# Broken ids, formulas and placeholders: one config, every message.
sed -e 's/^  乡村人口:/  乡村（人口）:/' \
    -e 's|formula: 农村贫困人口 / 乡村人口 \* 100|formula: 农村贫困人 / 乡村人口 * 100|' \
    -e 's/{减贫人数_2015}/{减贫人数—2015}/' \
    -e 's/^  减贫人数_2015:/  2015年以来减贫:/' $D/report.yaml >"$TMP/bad.yaml"
cp $D/*.csv "$TMP/"
(cd "$TMP" && "$PROGREP" check bad.yaml) >"$TMP/got" 2>&1
echo "exit: $?" >>"$TMP/got"
sed -i "s|$TMP/||g" "$TMP/got"
expect_same "bad ids" "$TMP/got" "$E/bad.txt"
finish

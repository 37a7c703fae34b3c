#!/usr/bin/env bash
# The sample report's computed figures: the region and prefecture rows
# against the committed expected output, and every figure of the source
# document (shared/seed/README.md) at region level in 2019.
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml

"$PROGREP" compute "$cfg" --level region >"$TMP/region.csv" 2>"$TMP/err"
expect_eq "compute exit" "$?" 0
expect_same "region rows" "$TMP/region.csv" tests/golden/expected/xinjiang-2019-region.csv
"$PROGREP" compute "$cfg" --level prefecture >"$TMP/pref.csv" 2>>"$TMP/err"
expect_same "prefecture rows" "$TMP/pref.csv" tests/golden/expected/xinjiang-2019-prefecture.csv

# display of INDICATOR at region 65 in PERIOD
show() {
	awk -F, -v ind="$1" -v per="$2" '$1 == "65" && $4 == per && $5 == ind { print $7 }' \
		"$TMP/region.csv"
}
expect_eq "registered households" "$(show registered_households 2019)" "77.97万户"
expect_eq "registered persons" "$(show registered_persons 2019)" "308.9万人"
expect_eq "poor villages" "$(show poor_villages 2019)" "3666个"
expect_eq "poor counties" "$(show poor_counties 2019)" "35个"
expect_eq "lifted persons" "$(show lifted_persons 2019)" "292.32万人"
expect_eq "villages exited" "$(show villages_exited 2019)" "3107个"
expect_eq "counties delisted" "$(show counties_delisted 2019)" "25个"
expect_eq "counties remaining" "$(show counties_remaining 2019)" "10个"
expect_eq "villages remaining" "$(show villages_remaining 2019)" "559个"
expect_eq "households remaining" "$(show remaining_households 2019)" "4.21万户"
expect_eq "persons remaining" "$(show remaining_persons 2019)" "16.58万人"
expect_eq "incidence 2013" "$(show incidence_1d 2013)" "19.4%"
expect_eq "incidence 2019" "$(show incidence 2019)" "1.24%"
expect_eq "farmer income 2013" "$(show poor_county_farmer_income 2013)" "5400元"
expect_eq "farmer income 2019" "$(show poor_county_farmer_income 2019)" "12035元"
expect_eq "poor household income 2015" "$(show poor_hh_income 2015)" "2725元"
expect_eq "poor household income 2019" "$(show poor_hh_income 2019)" "9195元"
expect_eq "poor household income growth" "$(show poor_hh_income_growth 2019)" "35.53%"

# json carries the same numbers
"$PROGREP" compute "$cfg" --level region --period 2019 --format json >"$TMP/r.json"
expect_eq "json exit" "$?" 0
grep -q '"indicator":"remaining_persons","value":165800,"display":"16.58万人"' "$TMP/r.json" &&
	pass || fail "json row for remaining_persons"
finish

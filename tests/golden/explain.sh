#!/usr/bin/env bash
# progrep explain on tests/golden/checks/: a derived value (cagr, with its
# inputs and their source lines), a derived value over rolled-up parts, a
# rolled-up value, a direct value, a rollup that replaced a given value, the
# JSON form, and the errors for unknown names.
# PROGREP_UPDATE_GOLDEN=1 rewrites the expected files.
source "$(dirname "$0")/lib.bash"
D=tests/golden/checks
E=$D/expected

# case NAME ARGS...: stdout, stderr and exit code against $E/explain-NAME.txt
case_() {
	local name=$1
	shift
	"$PROGREP" explain "$@" >"$TMP/got" 2>&1
	echo "exit: $?" >>"$TMP/got"
	expect_same "explain $name" "$TMP/got" "$E/explain-$name.txt"
}

case_ derived $D/pass.yaml income_growth
case_ derived-tree $D/pass.yaml incidence --region 11
case_ rollup $D/pass.yaml registered --region 1
case_ direct $D/pass.yaml registered --region 1101 --period 2015
case_ replaced $D/fail.yaml registered --region 11
case_ pp $D/pass.yaml growth_gap
case_ json $D/pass.yaml income_growth --format json
case_ unknown-indicator $D/pass.yaml incidnce
case_ unknown-region $D/pass.yaml incidence --region 99
case_ unknown-period $D/pass.yaml incidence --period 2030
case_ no-indicator $D/pass.yaml
finish

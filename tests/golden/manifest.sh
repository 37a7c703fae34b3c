#!/usr/bin/env bash
# progrep manifest merge: the shards' manifests of a run merge into exactly
# the manifest of the unsharded run, sorted by path; bad lines and paths
# listed differently are refused with file:line (exit 1) and nothing is
# written; an I/O error exits 3 and leaves no file behind.
source "$(dirname "$0")/lib.bash"
cfg=tests/golden/batch/counties.yaml
export SOURCE_DATE_EPOCH=1587686400
PROGREP=$(realpath "$PROGREP")
cfg=$ROOT/$cfg
cd "$TMP" || exit 1

# The same relative pattern, so the paths in both runs' manifests agree.
"$PROGREP" render "$cfg" --each county --out 'all/{code}.pdf' --quiet
expect_eq "unsharded run" "$?" 0
for k in 1 2 3; do
	"$PROGREP" render "$cfg" --each county --out 'all/{code}.pdf' --shard $k/3 --quiet
	expect_eq "shard $k/3" "$?" 0
done
"$PROGREP" manifest merge merged.jsonl all/manifest.3-of-3.jsonl all/manifest.1-of-3.jsonl \
	all/manifest.2-of-3.jsonl 2>err
expect_eq "merge exit" "$?" 0
expect_eq "merge is silent" "$(cat err)" ""
LC_ALL=C sort all/manifest.jsonl >want.jsonl
cmp -s merged.jsonl want.jsonl && pass || fail "merged shards differ from the sorted whole run"
expect_eq "merged lines" "$(wc -l <merged.jsonl)" 96
expect_eq "merge leaves no temporary file" "$(ls -A | grep -c '^\.')" 0
expect_eq "merged file is readable by all (umask 022)" \
	"$(umask 022 && "$PROGREP" manifest merge m644.jsonl merged.jsonl && stat -c %a m644.jsonl)" 644

# The same line twice (a manifest given twice, a re-run shard) is kept once;
# OUT may be one of the inputs; lines of a newer progrep with more keys stay.
"$PROGREP" manifest merge twice.jsonl all/manifest.1-of-3.jsonl all/manifest.1-of-3.jsonl \
	all/manifest.2-of-3.jsonl all/manifest.3-of-3.jsonl
expect_eq "identical duplicates: exit" "$?" 0
cmp -s twice.jsonl want.jsonl && pass || fail "identical duplicates not merged into one"
head -5 want.jsonl >inplace.jsonl
"$PROGREP" manifest merge inplace.jsonl inplace.jsonl all/manifest.jsonl
cmp -s inplace.jsonl want.jsonl && pass || fail "OUT as one of the inputs"
sed -n 1p want.jsonl | sed 's/"pages":/"seconds":0.25,"x":{"y":[1,"\\u00e9\\ud83d\\ude00",null]},"pages":/' \
	>extra.jsonl
"$PROGREP" manifest merge extra-out.jsonl extra.jsonl
expect_eq "unknown keys: exit" "$?" 0
cmp -s extra-out.jsonl extra.jsonl && pass || fail "a line with unknown keys was not copied as is"

# A failed report's line merges like any other.
for k in 1 2; do
	PROGREP_TEST_CRASH_REGION=653224 "$PROGREP" render "$cfg" --each county \
		--out 'crash/{code}.pdf' --shard $k/2 --quiet 2>/dev/null
done
"$PROGREP" manifest merge crash.jsonl crash/manifest.*-of-2.jsonl
expect_eq "merge with a failed report: exit" "$?" 0
expect_eq "failed report kept" "$(grep -c '"status":"failed"' crash.jsonl) $(wc -l <crash.jsonl)" \
	"1 96"

# refuse NAME WANT_EXIT WANT_STDERR_LINE ARGS...: merge fails as told, and
# its OUT (out.jsonl unless ARGS say otherwise) does not appear.
refuse() {
	local name=$1 want=$2 msg=$3
	shift 3
	rm -f out.jsonl
	"$PROGREP" manifest merge "$@" 2>err
	expect_eq "$name: exit" "$?" "$want"
	grep -qxF -- "$msg" err && pass || fail "$name: no line '$msg' in: $(cat err)"
	[ ! -e out.jsonl ] && pass || fail "$name: out.jsonl written"
	expect_eq "$name: no temporary file" "$(ls -A | grep -c '^\.')" 0
}
line=$(sed -n 1p want.jsonl)
printf '%s\n{"region":"x"\nnot json\n\n' "$line" >bad.jsonl
refuse "not JSON" 1 "bad.jsonl:2:14: error: expected ',' or '}'" out.jsonl bad.jsonl
grep -qxF "bad.jsonl:3:1: error: expected a JSON object ('{')" err && pass ||
	fail "not JSON: line 3 not reported: $(cat err)"
grep -qxF "bad.jsonl:4: error: empty line" err && pass || fail "empty line not reported"
grep -qxF "progrep manifest: 'out.jsonl' not written" err && pass || fail "no 'not written'"
printf '%s\n' "$line" | sed 's/"pages":[0-9]*/"pages":99/' >other.jsonl
refuse "path listed differently" 1 \
	"other.jsonl:1: error: 'all/650102.pdf' is listed differently at all/manifest.jsonl:1" \
	out.jsonl all/manifest.jsonl other.jsonl
printf '%s\n' "$line" | sed 's/"status":"ok"/"status":"done"/' >status.jsonl
refuse "bad status" 1 "status.jsonl:1: error: 'status' is 'done', not 'ok' or 'failed'" \
	out.jsonl status.jsonl
printf '%s\n' "$line" | sed 's/"pages":\([0-9]*\)/"pages":"\1"/' >pages.jsonl
col=$(($(sed 's/"pages":.*//' pages.jsonl | wc -c) + 8))
refuse "pages a string" 1 "pages.jsonl:1:$col: error: 'pages' must be a whole number >= 0" \
	out.jsonl pages.jsonl
printf '%s\n' "$line" | sed 's/,"error":null//' >missing.jsonl
refuse "key missing" 1 "missing.jsonl:1: error: no 'error' in the manifest line" \
	out.jsonl missing.jsonl
printf '%s\n' "$line" | sed 's/"sha256":"[0-9a-f]*"/"sha256":null/' >nosha.jsonl
refuse "ok without sha256" 1 \
	"nosha.jsonl:1: error: a report with status 'ok' needs a 'sha256' of 64 lowercase hex digits" \
	out.jsonl nosha.jsonl
printf '%s\n' "$line" | sed 's/}$/,"pages":1}/' >twokeys.jsonl
refuse "key twice" 1 "twokeys.jsonl:1:$(($(wc -c <twokeys.jsonl) - 10)): error: key 'pages' twice" \
	out.jsonl twokeys.jsonl
# "input" and "action" (incremental runs) are checked when present; the
# lines of a progrep before them, without both, still merge.
printf '%s\n' "$line" | sed 's/,"input":"[0-9a-f]*","action":"rendered"//' >old.jsonl
grep -q '"input"\|"action"' old.jsonl && fail "old.jsonl still has the new keys" || pass
"$PROGREP" manifest merge old-out.jsonl old.jsonl
expect_eq "line without input and action: exit" "$?" 0
cmp -s old-out.jsonl old.jsonl && pass || fail "a line without input and action was changed"
printf '%s\n' "$line" | sed 's/"input":"[0-9a-f]*"/"input":"ABC"/' >input.jsonl
refuse "bad input" 1 "input.jsonl:1: error: 'input' must be 64 lowercase hex digits or null" \
	out.jsonl input.jsonl
printf '%s\n' "$line" | sed 's/"action":"rendered"/"action":"kept"/' >action.jsonl
refuse "bad action" 1 \
	"action.jsonl:1: error: a report with status 'ok' has 'action' 'rendered' or 'reused'" \
	out.jsonl action.jsonl
grep '"status":"failed"' crash.jsonl | sed 's/"action":null/"action":"rendered"/' >fact.jsonl
refuse "failed with an action" 1 \
	"fact.jsonl:1: error: a report with status 'failed' has 'action' null" out.jsonl fact.jsonl
printf '%s\n' "$line" | sed 's/"action":"rendered"/"action":"reused"/' >reused.jsonl
"$PROGREP" manifest merge reused-out.jsonl reused.jsonl
expect_eq "reused: exit" "$?" 0
refuse "input missing" 1 "progrep manifest: cannot open 'nope.jsonl': No such file or directory" \
	out.jsonl want.jsonl nope.jsonl
refuse "usage" 2 "progrep manifest merge: needs OUT and at least one IN manifest" out.jsonl
"$PROGREP" manifest 2>err
expect_eq "no sub-command: exit" "$?" 2
grep -qxF "progrep manifest: which manifest command? (merge)" err && pass ||
	fail "no sub-command: $(cat err)"

# I/O errors: exit 3, nothing left (not even the temporary file).
refuse "output folder missing" 3 \
	"progrep manifest: cannot write 'nodir/m.jsonl': No such file or directory" \
	nodir/m.jsonl want.jsonl
mkdir adir
refuse "output is a folder" 3 "progrep manifest: cannot write 'adir': Is a directory" \
	adir want.jsonl
expect_eq "folder left empty" "$(ls -A adir)" ""
# A write that fails halfway (the file size limit: EFBIG on the 5th KiB).
(
	FAILED=0 # this subshell's own checks
	trap '' XFSZ
	ulimit -f 4
	refuse "write fails" 3 "progrep manifest: cannot write 'out.jsonl': File too large" \
		out.jsonl want.jsonl
	finish >/dev/null
)
expect_eq "write fails: checks" "$?" 0
finish

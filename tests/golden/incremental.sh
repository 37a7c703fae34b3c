#!/usr/bin/env bash
# Incremental batch runs (render --each --incremental): after one county's
# data changes, exactly the reports whose PDF changes are written again
# (that county's, its prefecture's, the region's) and the others are kept
# byte for byte; the result is the full run's, byte for byte; a tampered,
# deleted or failed report is written again; a config edit redoes all; the
# manifest says what was rendered and what reused.
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1587686400
PROGREP=$(realpath "$PROGREP")
mkdir -p "$TMP/data"
cp data/xinjiang/regions.csv data/xinjiang/values.csv "$TMP/data/"
sed 's|\.\./\.\./\.\./data/xinjiang/|data/|' tests/golden/batch/counties.yaml >"$TMP/cfg.yaml"
cd "$TMP" || exit 1

LEVELS="county prefecture region"
# run DIR FLAGS...: every level into DIR/LEVEL/, stderr into DIR.err.
run() {
	local dir=$1 level
	shift
	: >"$dir.err"
	for level in $LEVELS; do
		"$PROGREP" render cfg.yaml --each $level --out "$dir/$level/{code}.pdf" "$@" \
			2>>"$dir.err" || fail "$dir $level $*: exit $?"
	done
}
# rendered DIR...: the files the last runs into DIR... wrote, sorted.
rendered() {
	cat "${@/%//manifest.jsonl}" | grep '"action":"rendered"' |
		sed 's/.*"path":"\([^"]*\)".*/\1/' | sort
}
# same DIR1 DIR2: the same PDFs, byte for byte.
same() {
	diff -r -x 'manifest*' -x '.*' "$1" "$2" >/dev/null
}

run out
expect_eq "first run renders all" "$(rendered out/* | wc -l)" 111
cp -r out base

# Nothing changed: every report reused, the files untouched.
run out --incremental
expect_eq "no change: nothing rendered" "$(rendered out/* | wc -l)" 0
expect_eq "no change: all reused" "$(cat out/*/manifest.jsonl | grep -c '"action":"reused"')" 111
grep -qx 'progrep render: 0 of 96 reports written, 96 reused, 0 failed, in .*' out.err && pass ||
	fail "no change: summary: $(cat out.err)"
same base out && pass || fail "no change: a file changed"

# One village of 洛浦县 (653224, in 和田地区 6532) changes: its county, its
# prefecture and the region are written again, nothing else.
awk -F, -v OFS=, '$1 == "653224101" && $2 == 2019 && $3 == "lifted_persons" { $4 += 5000 } 1' \
	data/values.csv >data/v && mv data/v data/values.csv
run out --incremental
expect_eq "one county changed: rendered" "$(rendered out/* | tr '\n' ' ')" \
	"out/county/653224.pdf out/prefecture/6532.pdf out/region/65.pdf "
grep -qx 'progrep render: 1 of 96 reports written, 95 reused, 0 failed, in .*' out.err && pass ||
	fail "one county changed: summary: $(cat out.err)"
LEVELS=county run full --full
LEVELS="prefecture region" run full
same out full && pass || fail "incremental result differs from a full run"
# Exactly the reports whose bytes changed were written.
expect_eq "rendered = changed" "$(cd base && find . -name '*.pdf' | sort | while read -r f; do
	cmp -s "$f" "../full/$f" || echo "out/${f#./}"; done | tr '\n' ' ')" \
	"$(rendered out/* | tr '\n' ' ')"
for level in $LEVELS; do
	expect_eq "$level: manifest as the full run's but for action" \
		"$(sed 's/,"action":"[a-z]*"//' out/$level/manifest.jsonl | sed 's|"out/|"|')" \
		"$(sed 's/,"action":"[a-z]*"//' full/$level/manifest.jsonl | sed 's|"full/|"|')"
done
cp -r out changed

# A PDF changed or deleted behind the manifest's back is written again.
printf 'X' | dd of=out/county/650102.pdf bs=1 seek=500 conv=notrunc 2>/dev/null
rm out/county/650103.pdf
LEVELS=county run out --incremental
expect_eq "tampered and deleted: rendered" "$(rendered out/county | tr '\n' ' ')" \
	"out/county/650102.pdf out/county/650103.pdf "
grep -q "'out/county/650102.pdf' is not the file the manifest lists" out.err && pass ||
	fail "tampered file not reported: $(cat out.err)"
grep -q "'out/county/650103.pdf' is gone" out.err && pass ||
	fail "deleted file not reported: $(cat out.err)"
same out changed && pass || fail "tampered and deleted: not restored"

# Any edit of the config redoes every report, even one that changes no PDF.
echo '# edited' >>cfg.yaml
run out --incremental
expect_eq "config edited: all rendered" "$(rendered out/* | wc -l)" 111
same out changed && pass || fail "config edited: files differ"

# --full after --incremental renders all; so does a run without a manifest.
LEVELS=county run out --incremental --full
expect_eq "--full: all rendered" "$(rendered out/county | wc -l)" 96
rm out/county/manifest.jsonl
LEVELS=county run out --incremental
expect_eq "no manifest: all rendered" "$(rendered out/county | wc -l)" 96
expect_eq "no manifest: quiet" "$(grep -vc '^progrep render: 96 of 96' out.err)" 0

# A manifest that is not one is not trusted: all rendered, with a warning.
echo 'not json' >>out/county/manifest.jsonl
LEVELS=county run out --incremental
expect_eq "bad manifest: all rendered" "$(rendered out/county | wc -l)" 96
grep -q "warning: cannot use the manifest 'out/county/manifest.jsonl' (.*:97: " out.err &&
	pass || fail "bad manifest: no warning: $(cat out.err)"

# A report that failed is tried again by the next incremental run.
rm out/county/653224.pdf
PROGREP_TEST_CRASH_REGION=653224 "$PROGREP" render cfg.yaml --each county \
	--out 'out/county/{code}.pdf' --incremental 2>/dev/null
expect_eq "crash: exit-4 run leaves the report failed" \
	"$(grep -c '"region":"653224".*"status":"failed".*"input":"[0-9a-f]*","action":null' \
		out/county/manifest.jsonl)" 1
LEVELS=county run out --incremental
expect_eq "failed report: rendered again" "$(rendered out/county | tr '\n' ' ')" "out/county/653224.pdf "
same out/county changed/county && pass || fail "failed report: not restored"

# Shards compare with their own manifest: all kept, and merged they say so.
for k in 1 2; do
	"$PROGREP" render cfg.yaml --each county --out 'sh/{code}.pdf' --shard $k/2 --quiet
done
for k in 1 2; do
	"$PROGREP" render cfg.yaml --each county --out 'sh/{code}.pdf' --shard $k/2 --incremental \
		2>sh.err
	grep -qx "progrep render: 0 of 48 reports written, 48 reused, 0 failed, in .*" sh.err &&
		pass || fail "shard $k/2: $(cat sh.err)"
done
"$PROGREP" manifest merge sh.jsonl sh/manifest.1-of-2.jsonl sh/manifest.2-of-2.jsonl
expect_eq "shards: merged, all reused" "$(grep -c '"action":"reused"' sh.jsonl)" 96

# The new keys pass manifest merge.
"$PROGREP" manifest merge merged.jsonl out/county/manifest.jsonl
expect_eq "merge takes input and action" "$?" 0

# --incremental and --full go with --each.
"$PROGREP" render cfg.yaml --incremental 2>err
expect_eq "--incremental alone: exit" "$?" 2
grep -q "'--incremental' and '--full' go with '--each LEVEL'" err && pass || fail "$(cat err)"
finish

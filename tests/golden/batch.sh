#!/usr/bin/env bash
# Batch runs (progrep render --each): one PDF per county with its own
# figures, shards that add up byte for byte to the whole run, a crashing
# report isolated and reported, nothing half-written after kill -9, unsafe
# patterns refused, overlapping runs locked out.
source "$(dirname "$0")/lib.bash"
cfg=tests/golden/batch/counties.yaml
export SOURCE_DATE_EPOCH=1587686400

"$PROGREP" render "$cfg" --each county --out "$TMP/all/{period}/{code}-{name}.pdf" -j 2 \
	2>"$TMP/err"
expect_eq "batch exit" "$?" 0
out=$TMP/all/2019
expect_eq "one pdf per county" "$(ls "$out"/*.pdf | wc -l)" 96
expect_eq "manifest lines" "$(wc -l <"$out/manifest.jsonl")" 96
expect_eq "all ok in manifest" "$(grep -c '"status":"ok","error":null' "$out/manifest.jsonl")" 96
grep -q '^progrep render: 96 of 96 reports written, 0 failed' "$TMP/err" && pass ||
	fail "summary line: $(cat "$TMP/err")"
# (the run's lock stays: it is where the files land, cmd/batch_locks.c)
expect_eq "no temporary files" "$(ls -A "$out" | grep -v '^\.progrep.*\.lock$' | grep -c '^\.')" 0

# Each county's PDF names it and shows its own figures (as compute does).
"$PROGREP" compute "$cfg" --level county --period 2019 >"$TMP/c.csv" 2>/dev/null
for code in 650102 653224 654326; do
	name=$(awk -F, -v c="$code" '$1 == c { print $2; exit }' "$TMP/c.csv")
	want=$(awk -F, -v c="$code" '$1 == c && $5 == "remaining_persons" { print $7 }' "$TMP/c.csv")
	pdf="$out/$code-$name.pdf"
	pdftotext "$pdf" "$TMP/p.txt" 2>/dev/null || fail "pdftotext $pdf"
	grep -q "$name" "$TMP/p.txt" && pass || fail "$code: name '$name' not in its PDF"
	# A county with nothing to report (天山区: all zero) says so in one
	# sentence instead of a page of zeros.
	[ "$want" = "0.00万人" ] && want="本部分各项指标均为0或无数据" || want="未脱贫人口$want"
	tr -d '\n' <"$TMP/p.txt" | grep -q "$want" && pass ||
		fail "$code: '$want' not in its PDF"
	sum=$(sha256sum "$pdf" | cut -d' ' -f1)
	grep -q "\"region\":\"$code\".*\"sha256\":\"$sum\"" "$out/manifest.jsonl" && pass ||
		fail "$code: manifest sha256 differs from sha256sum"
done
qpdf --check "$out/653224-洛浦县.pdf" >/dev/null 2>&1 && pass || fail "qpdf --check"

# Shards: disjoint, and together byte for byte the unsharded run.
for k in 1 2 3; do
	"$PROGREP" render "$cfg" --each county --out "$TMP/sh/{period}/{code}-{name}.pdf" \
		--shard $k/3 --quiet 2>>"$TMP/err"
	expect_eq "shard $k/3 exit" "$?" 0
done
cat "$TMP"/sh/2019/manifest.*-of-3.jsonl | sed 's/"region":"\([0-9]*\)".*/\1/' | sort >"$TMP/ids"
expect_eq "shards disjoint and complete" "$(sort -u "$TMP/ids" | wc -l) $(wc -l <"$TMP/ids")" "96 96"
diff -r -x '.*' -x 'manifest*' "$out" "$TMP/sh/2019" >/dev/null && pass ||
	fail "shards differ from the unsharded run"

# --period latest-1 picks the period before the newest.
"$PROGREP" render "$cfg" --each prefecture --out "$TMP/lat/{period}/{code}.pdf" \
	--period latest-1 --quiet
expect_eq "latest-1 exit" "$?" 0
expect_eq "latest-1 is 2018" "$(ls "$TMP/lat")" 2018

# A report that crashes is isolated: the others are written, exit 4.
PROGREP_TEST_CRASH_REGION=653224 "$PROGREP" render "$cfg" --each county \
	--out "$TMP/crash/{code}.pdf" -j 2 2>"$TMP/err"
expect_eq "crash exit" "$?" 4
expect_eq "others written" "$(ls "$TMP/crash"/*.pdf | wc -l)" 95
[ ! -e "$TMP/crash/653224.pdf" ] && pass || fail "the crashed report has a file"
grep -q '"region":"653224".*"status":"failed","error":"the worker process crashed (signal 6' \
	"$TMP/crash/manifest.jsonl" && pass || fail "crash not in the manifest"
grep -q '^progrep render: 653224 洛浦县: the worker process crashed' "$TMP/err" && pass ||
	fail "crash not reported: $(head -3 "$TMP/err")"
PROGREP_TEST_CRASH_REGION=6532 "$PROGREP" render "$cfg" --each prefecture \
	--out "$TMP/crash1/{code}.pdf" -j 1 --quiet 2>/dev/null
expect_eq "crash with one worker: exit" "$?" 4
expect_eq "crash with one worker: others written" "$(ls "$TMP/crash1"/*.pdf | wc -l)" 13

# kill -9 in the middle: no partial PDF; the next run removes the leftovers.
mkdir -p "$TMP/kill"
: >"$TMP/kill/.650102.pdf.AbC123"       # as a killed pdf_write leaves it
: >"$TMP/kill/.manifest.jsonl.XyZ789"
: >"$TMP/kill/.keep.me.ABCDEF"          # not ours: stays
"$PROGREP" render "$cfg" --each county --out "$TMP/kill/{code}.pdf" -j 1 --quiet &
pid=$!
for i in $(seq 200); do # kill it once it has written a first report
	ls "$TMP"/kill/*.pdf >/dev/null 2>&1 && break
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.2
bad=0
for f in "$TMP"/kill/*.pdf; do
	[ -e "$f" ] || continue
	qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1))
done
expect_eq "no partial pdf after kill -9" "$bad" 0
# A temporary file is stale once no process holds its lock and it is some
# seconds old (core/util/afile.h): age the leftovers instead of waiting.
find "$TMP/kill" -name '.*' -exec touch -d '1 minute ago' {} +
"$PROGREP" render "$cfg" --each county --out "$TMP/kill/{code}.pdf" --quiet
expect_eq "run after kill exit" "$?" 0
expect_eq "stale temporaries removed" "$(ls -A "$TMP/kill" | grep '^\.' | grep -v '^\.progrep' | tr '\n' ' ')" ".keep.me.ABCDEF "

# Patterns that could write outside the output directory are refused.
"$PROGREP" render "$cfg" --each county --out "$TMP/x/../{code}.pdf" 2>"$TMP/err"
expect_eq "../ refused" "$?" 2
grep -q "has a '..' folder" "$TMP/err" && pass || fail "../ message: $(cat "$TMP/err")"
"$PROGREP" render "$cfg" --each county --out "$TMP/x/{county}.pdf" 2>/dev/null
expect_eq "unknown field refused" "$?" 2
"$PROGREP" render "$cfg" --each county --out "$TMP/x/same.pdf" 2>"$TMP/err"
expect_eq "one file for all refused" "$?" 2
"$PROGREP" render "$cfg" --each township --out "$TMP/x/{code}.pdf" 2>/dev/null
expect_eq "unknown level refused" "$?" 2
[ ! -e "$TMP/x" ] && pass || fail "a refused run created files"

# A second run while the first holds the lock exits 3 with a clear message.
mkdir -p "$TMP/lk"
exec 9>"$TMP/lk/.progrep.lock"
flock -n 9
"$PROGREP" render "$cfg" --each county --out "$TMP/lk/{code}.pdf" 2>"$TMP/err"
expect_eq "locked exit" "$?" 3
grep -q "another progrep run holds the lock" "$TMP/err" && pass || fail "lock message: $(cat "$TMP/err")"
exec 9>&-
"$PROGREP" render "$cfg" --each prefecture --out "$TMP/lk/{code}.pdf" --quiet
expect_eq "after unlock exit" "$?" 0

# A lock path planted as a symlink (or a hard link) to another file in a
# shared output folder: refused, and the file it points at is untouched.
mkdir -p "$TMP/sl"
printf 'precious\n' >"$TMP/precious"
ln -s "$TMP/precious" "$TMP/sl/.progrep.lock"
"$PROGREP" render "$cfg" --each prefecture --out "$TMP/sl/{code}.pdf" 2>"$TMP/err"
expect_eq "symlinked lock exit" "$?" 3
[ "$(cat "$TMP/precious")" = precious ] && pass || fail "symlinked lock truncated its target"
grep -q "cannot lock" "$TMP/err" && pass || fail "symlinked lock message: $(cat "$TMP/err")"
rm "$TMP/sl/.progrep.lock"
ln "$TMP/precious" "$TMP/sl/.progrep.lock"
"$PROGREP" render "$cfg" --each prefecture --out "$TMP/sl/{code}.pdf" 2>"$TMP/err"
expect_eq "hard-linked lock exit" "$?" 3
[ "$(cat "$TMP/precious")" = precious ] && pass || fail "hard-linked lock truncated its target"
finish

#!/usr/bin/env bash
# Output integrity (docs/errors.md, "What a run promises about its files"):
# a file appears at its final path only whole, flushed and closed without
# error; every write, flush, close, sync and rename error fails its report
# with the file and the errno named; nothing partial or temporary is left;
# the manifest lists only files whose bytes were verified; stdout errors
# fail every command. Faults come from a small tmpfs (root only) and from
# the LD_PRELOAD shim tests/faultfs.c ($PROGREP_FAULTFS).
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1587686400
brief=templates/county-brief.yaml
batch=tests/golden/batch/counties.yaml
SKIPPED=()
skip() { echo "skip: $*" >&2; SKIPPED+=("$*"); }

# faulty OPS ERRNO PATTERN -- command...: run with the shim failing OPS.
faulty() {
	local ops=$1 err=$2 pat=$3
	shift 4
	LD_PRELOAD=$PROGREP_FAULTFS FAULTFS_OPS=$ops FAULTFS_ERRNO=$err FAULTFS_PATH=$pat \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# no_temps NAME DIR: no ".NAME.XXXXXX" left in DIR.
no_temps() {
	if ls -A "$2" | grep -q '^\..*\.[A-Za-z0-9]\{6\}$'; then
		fail "$1: temporary files left: $(ls -A "$2" | tr '\n' ' ')"
	else pass; fi
}

# expect_io NAME RC MSG OUT OLD: exit code RC, MSG on stderr, OUT absent
# (or, when OLD is a file, OUT still equal to it), no temporary file.
expect_io() {
	local name=$1 rc=$2 msg=$3 out=$4 old=$5
	expect_eq "$name: exit" "$GOT" "$rc"
	grep -qF -- "$msg" "$TMP/err" && pass || fail "$name: no '$msg' in: $(head -3 "$TMP/err")"
	if [ -f "$old" ]; then
		cmp -s "$out" "$old" && pass || fail "$name: the old '$out' was changed"
	else
		[ ! -e "$out" ] && pass || fail "$name: '$out' was written"
	fi
	no_temps "$name" "$(dirname "$out")"
}

# --- standard output: every command fails on a full device -----------------
for args in "check $brief" "compute $brief" "templates" "templates --names" "--help" \
	"--version" "explain tests/golden/checks/pass.yaml income_growth" \
	"render $brief --format text -o -"; do
	# shellcheck disable=SC2086
	"$PROGREP" $args >/dev/full 2>"$TMP/err"
	expect_eq "$args > /dev/full: exit" "$?" 3
	grep -q "cannot write.*: No space left on device" "$TMP/err" && pass ||
		fail "$args > /dev/full: message: $(tail -1 "$TMP/err")"
done
"$PROGREP" check "$brief" >/dev/null 2>&1
expect_eq "check > /dev/null still exits 0" "$?" 0

# --- a full disk during the last flush ---------------------------------------
# 32 KiB: the county brief (33 KB) fills it while the file's tail is written.
mkdir -p "$TMP/small"
trap 'umount "$TMP/small" 2>/dev/null; rm -rf "$TMP"' EXIT
if mount -t tmpfs -o size=32k tmpfs "$TMP/small" 2>/dev/null; then
	"$PROGREP" render "$brief" -o "$TMP/small/r.pdf" 2>"$TMP/err"
	GOT=$?
	expect_io "32k tmpfs" 3 "cannot write '$TMP/small/r.pdf': No space left on device" \
		"$TMP/small/r.pdf" ""
	"$PROGREP" render "$batch" --each prefecture --out "$TMP/small/{code}.pdf" --quiet \
		2>"$TMP/err"
	GOT=$?
	[ "$GOT" = 3 ] || [ "$GOT" = 4 ] && pass || fail "batch on a full tmpfs: exit $GOT"
	# Whatever got written, a line that says ok names the file's real bytes.
	grep '"status":"ok"' "$TMP/small/manifest.jsonl" 2>/dev/null |
		sed 's/.*"path":"\([^"]*\)".*"sha256":"\([0-9a-f]*\)".*/\2  \1/' >"$TMP/sums"
	[ ! -s "$TMP/sums" ] || sha256sum --quiet -c "$TMP/sums" >/dev/null 2>&1 && pass ||
		fail "batch on a full tmpfs: a manifest line says ok for other bytes"
	umount "$TMP/small"
else
	skip "full disk: cannot mount a tmpfs (not root?)"
fi

# --- every call that can fail, through the shim --------------------------------
if [ ! -f "${PROGREP_FAULTFS:-}" ]; then
	skip "fault injection: no PROGREP_FAULTFS shim"
else
	mkdir -p "$TMP/f"
	"$PROGREP" render "$brief" -o "$TMP/old.pdf" 2>/dev/null
	for op in write close fsync rename; do
		faulty $op 5 "$TMP/f/*" -- "$PROGREP" render "$brief" -o "$TMP/f/r.pdf" 2>"$TMP/err"
		GOT=$?
		expect_io "pdf $op EIO" 3 "cannot write '$TMP/f/r.pdf': Input/output error" \
			"$TMP/f/r.pdf" ""
		cp "$TMP/old.pdf" "$TMP/f/o.pdf"
		faulty $op 28 "$TMP/f/*" -- "$PROGREP" render "$brief" -o "$TMP/f/o.pdf" 2>"$TMP/err"
		GOT=$?
		expect_io "pdf $op ENOSPC, old file kept" 3 \
			"cannot write '$TMP/f/o.pdf': No space left on device" "$TMP/f/o.pdf" "$TMP/old.pdf"
		rm -f "$TMP/f/o.pdf"
	done
	# stdio writes bypass write(): its flush and close stand for them
	for op in fflush fclose rename; do
		faulty $op 5 "$TMP/f/*" -- "$PROGREP" render "$brief" --format text \
			-o "$TMP/f/r.txt" 2>"$TMP/err"
		GOT=$?
		expect_io "text $op EIO" 3 "cannot write '$TMP/f/r.txt': Input/output error" \
			"$TMP/f/r.txt" ""
	done

	# A batch: the failed report is failed, in the summary and the manifest.
	for op in write close rename; do
		faulty $op 5 "*653224.pdf*" -- "$PROGREP" render "$batch" --each county \
			--out "$TMP/b-$op/{code}.pdf" -j 2 2>"$TMP/err"
		GOT=$?
		expect_io "batch $op EIO" 4 "cannot write '$TMP/b-$op/653224.pdf': Input/output error" \
			"$TMP/b-$op/653224.pdf" ""
		m=$TMP/b-$op/manifest.jsonl
		grep -q '"region":"653224".*"status":"failed","error":"cannot write .*Input/output error' \
			"$m" && pass || fail "batch $op: no failed manifest line: $(grep 653224 "$m")"
		expect_eq "batch $op: the others ok" "$(grep -c '"status":"ok"' "$m")" 95
		grep -q '95 of 96 reports written, 1 failed' "$TMP/err" && pass ||
			fail "batch $op: summary: $(tail -1 "$TMP/err")"
	done
	for op in fflush fsync fclose rename; do
		faulty $op 5 "*manifest.jsonl*" -- "$PROGREP" render "$batch" --each prefecture \
			--out "$TMP/m-$op/{code}.pdf" --quiet 2>"$TMP/err"
		GOT=$?
		expect_io "manifest $op EIO" 3 "cannot write '$TMP/m-$op/manifest.jsonl': Input/output error" \
			"$TMP/m-$op/manifest.jsonl" ""
	done
	# A failed sync vouches for no file: every report failed, exit 3.
	faulty syncfs 5 "$TMP/s/*" -- "$PROGREP" render "$batch" --each prefecture \
		--out "$TMP/s/{code}.pdf" --quiet 2>"$TMP/err"
	expect_eq "syncfs EIO: exit" "$?" 3
	grep -qF "cannot sync the files under '$TMP/s': Input/output error" "$TMP/err" && pass ||
		fail "syncfs EIO: message: $(head -3 "$TMP/err")"
	expect_eq "syncfs EIO: no line ok" "$(grep -c '"status":"ok"' "$TMP/s/manifest.jsonl")" 0
	grep -q '"status":"failed","error":"cannot sync the files under' "$TMP/s/manifest.jsonl" &&
		pass || fail "syncfs EIO: manifest: $(head -1 "$TMP/s/manifest.jsonl")"
fi

# --- locks where the files land ----------------------------------------------
# Run A (out/{period}/...) is held inside its manifest's rename, its locks
# taken; run B (out/2019/...) reaches the same files and must be refused.
if [ -f "${PROGREP_FAULTFS:-}" ]; then
	touch "$TMP/hold"
	FAULTFS_HOLD=$TMP/hold faulty rename 0 "*/manifest.jsonl" -- "$PROGREP" render "$batch" \
		--each prefecture --out "$TMP/ov/{period}/{code}.pdf" --quiet 2>"$TMP/err-a" &
	pid=$!
	for _ in $(seq 300); do [ -e "$TMP/hold.held" ] && break; sleep 0.1; done
	"$PROGREP" render "$batch" --each prefecture --out "$TMP/ov/2019/{code}.pdf" --quiet \
		2>"$TMP/err"
	expect_eq "overlapping patterns: second run exit" "$?" 3
	grep -qF "another progrep run holds the lock '$TMP/ov/2019/.progrep.lock'" "$TMP/err" &&
		pass || fail "overlapping patterns: message: $(cat "$TMP/err")"
	rm -f "$TMP/hold"
	wait $pid
	expect_eq "overlapping patterns: first run exit" "$?" 0
	"$PROGREP" render "$batch" --each prefecture --out "$TMP/ov/2019/{code}.pdf" --quiet
	expect_eq "overlapping patterns: after the first, the second runs" "$?" 0
fi
# A folder per region: more locks than a soft limit of 64 descriptors.
(ulimit -Sn 64 && "$PROGREP" render "$batch" --each county --out "$TMP/many/{code}/r.pdf" --quiet)
expect_eq "a lock per folder, 96 folders under ulimit -Sn 64: exit" "$?" 0

# --- stale temporary files -----------------------------------------------------
# Left by a killed run (old, unlocked): removed by the next run of that
# output. A running writer's (locked, however old) and a brand-new one
# (unlocked yet: its writer is between open and flock) are kept.
mkdir -p "$TMP/st"
: >"$TMP/st/.r.pdf.Dead01"
: >"$TMP/st/.r.pdf.Live01"
: >"$TMP/st/.r.pdf.Newbie"
: >"$TMP/st/.other.pdf.Dead02" # another output's: not ours to judge
touch -d '1 minute ago' "$TMP/st/.r.pdf.Dead01" "$TMP/st/.r.pdf.Live01" "$TMP/st/.other.pdf.Dead02"
flock "$TMP/st/.r.pdf.Live01" sleep 30 &
lpid=$!
sleep 0.3
"$PROGREP" render "$brief" -o "$TMP/st/r.pdf" 2>/dev/null
expect_eq "stale temps: render exit" "$?" 0
expect_eq "stale temps: left" "$(ls -A "$TMP/st" | tr '\n' ' ')" \
	".other.pdf.Dead02 .r.pdf.Live01 .r.pdf.Newbie r.pdf "
kill $lpid 2>/dev/null
wait $lpid 2>/dev/null
# A batch cleans every shard's names, not only its own current paths.
mkdir -p "$TMP/sh"
: >"$TMP/sh/.6502.pdf.Dead03"
: >"$TMP/sh/.6501.pdf.Dead04"
touch -d '1 minute ago' "$TMP/sh/.6502.pdf.Dead03" "$TMP/sh/.6501.pdf.Dead04"
"$PROGREP" render "$batch" --each prefecture --out "$TMP/sh/{code}.pdf" --shard 1/2 --quiet
expect_eq "stale temps: shard 1/2 exit" "$?" 0
expect_eq "stale temps: other shard's removed too" \
	"$(ls -A "$TMP/sh" | grep -v '^\.progrep' | grep -c '^\.')" 0

# --- names one file on a case-insensitive file system --------------------------
# Two prefectures named Hotan and HOTAN: refused before anything is written,
# naming both. A vfat loop image is a case-insensitive folder (root only).
sed -e 's/^6501,[^,]*,/6501,Hotan,/' -e 's/^6502,[^,]*,/6502,HOTAN,/' \
	data/xinjiang/regions.csv >"$TMP/regions.csv"
sed -e "s|regions: .*|regions: $TMP/regions.csv|" -e "s|path: \.\./\.\./\.\./|path: $ROOT/|" \
	"$batch" >"$TMP/case.yaml"
# ci_mount DIR: a case-insensitive file system on DIR: vfat (dosfstools)
# when the kernel has it, else exFAT through FUSE (exfatprogs, exfat-fuse).
LOOPDEV=
ci_mount() {
	truncate -s 16M "$TMP/ci.img" || return 1
	if command -v mkfs.vfat >/dev/null && mkfs.vfat "$TMP/ci.img" >/dev/null 2>&1 &&
		mount -o loop "$TMP/ci.img" "$1" 2>/dev/null; then
		return 0
	fi
	command -v mkfs.exfat >/dev/null && command -v mount.exfat-fuse >/dev/null || return 1
	mkfs.exfat "$TMP/ci.img" >/dev/null 2>&1 || return 1
	LOOPDEV=$(losetup -f --show "$TMP/ci.img" 2>/dev/null) || return 1
	mount.exfat-fuse "$LOOPDEV" "$1" >/dev/null 2>&1 && return 0
	losetup -d "$LOOPDEV"
	return 1
}
ci_umount() {
	umount "$1" 2>/dev/null
	[ -z "$LOOPDEV" ] || losetup -d "$LOOPDEV" 2>/dev/null
	LOOPDEV=
}
mkdir -p "$TMP/ci"
if ci_mount "$TMP/ci"; then
	trap 'umount "$TMP/small" 2>/dev/null; ci_umount "$TMP/ci"; rm -rf "$TMP"' EXIT
	"$PROGREP" render "$TMP/case.yaml" --each prefecture --out "$TMP/ci/{name}.pdf" \
		--quiet 2>"$TMP/err"
	expect_eq "case-insensitive collision: exit" "$?" 2
	grep -qF "gives '$TMP/ci/Hotan.pdf' to '6501 Hotan' and '$TMP/ci/HOTAN.pdf' to '6502 HOTAN', one file on this case-insensitive file system" \
		"$TMP/err" && pass || fail "case-insensitive collision: message: $(cat "$TMP/err")"
	expect_eq "case-insensitive collision: nothing written" \
		"$(ls -A "$TMP/ci" | grep -v '^\.progrep.*\.lock$' | tr '\n' ' ')" ""
	"$PROGREP" render "$TMP/case.yaml" --each prefecture --out "$TMP/ci/{code}-{name}.pdf" \
		--quiet 2>"$TMP/err"
	expect_eq "case-insensitive folder, distinct names: exit" "$?" 0
	ci_umount "$TMP/ci"
else
	skip "case-insensitive collision: no vfat or exFAT mount here (root, dosfstools or exfat-fuse)"
fi
# The same names on a case-sensitive folder are two files.
"$PROGREP" render "$TMP/case.yaml" --each prefecture --out "$TMP/cs/{name}.pdf" --quiet
expect_eq "case-sensitive folder: exit" "$?" 0
expect_eq "case-sensitive folder: both written" "$(ls "$TMP/cs" | grep -ci '^hotan.pdf$')" 2

# --- modes: every output 0666 less the umask ---------------------------------
for mask in 022 027; do
	want=$(printf '%o' $((0666 & ~0$mask)))
	d=$TMP/mode-$mask
	(umask $mask && "$PROGREP" render "$brief" -o "$d.pdf" &&
		"$PROGREP" render "$brief" --format text -o "$d.txt" &&
		"$PROGREP" render "$batch" --each prefecture --out "$d/{code}.pdf" --quiet) 2>/dev/null
	for f in "$d.pdf" "$d.txt" "$d/manifest.jsonl" "$d/6501.pdf"; do
		expect_eq "umask $mask: mode of ${f#"$TMP"/}" "$(stat -c %a "$f" 2>&1)" "$want"
	done
done

finish || exit 1
# Everything else passed: a part that could not run here shows the whole
# test as skipped (exit 77), so ctest lists it instead of a quiet pass.
if [ ${#SKIPPED[@]} -gt 0 ]; then
	printf 'skipped: %s\n' "${SKIPPED[@]}" >&2
	exit 77
fi

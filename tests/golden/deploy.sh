#!/usr/bin/env bash
# The shipped deployment examples (docs/deploy/) do what they say: the
# Kubernetes Indexed Job's container command, run once per completion
# index, and the GNU parallel command of README.md (with a failing shard,
# --resume-failed and --resume) each give byte for byte the PDFs of one
# unsharded run. The Slurm example runs on a real Slurm in slurm.sh.
# A part whose tool is missing (python3-yaml, parallel: scripts/deps.sh
# installs both) says "skip:" and the rest still runs.
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1587686400
PROGREP=$(realpath "$PROGREP")
cfg=$ROOT/templates/county-brief.yaml
pattern='{period}/{code}-{name}.pdf'

"$PROGREP" render "$cfg" --each county --out "$TMP/ref/$pattern" --period latest --quiet
expect_eq "unsharded run" "$?" 0

# same_pdfs NAME DIR: DIR holds the unsharded run's PDFs, byte for byte.
same_pdfs() {
	local n
	n=$(find "$2" -name '*.pdf' | wc -l)
	expect_eq "$1: PDFs" "$n" 96
	if diff -r -x '.*' -x 'manifest*' "$TMP/ref" "$2" >"$TMP/diff" 2>&1; then
		pass
	else
		fail "$1: not the unsharded run's files: $(head -5 "$TMP/diff")"
	fi
	"$PROGREP" manifest merge "$TMP/$1.jsonl" "$2"/*/manifest.*.jsonl
	# The unsharded run's manifest, sorted, with its folder for theirs.
	sed "s|\"path\":\"$TMP/ref/|\"path\":\"$2/|" "$TMP"/ref/*/manifest.jsonl | LC_ALL=C sort \
		>"$TMP/want.jsonl"
	cmp -s "$TMP/$1.jsonl" "$TMP/want.jsonl" && pass ||
		fail "$1: merged manifest is not the unsharded run's"
}

# --- cron: the crontab's command prints nothing when every report is
# written (cron mails any output), and the error when one fails ---
cmdline=$(awk '!/^#/ && NF >= 7 { for (i = 7; i <= NF; i++) printf "%s ", $i; exit }' \
	"$ROOT/docs/deploy/crontab")
case $cmdline in *--quiet*) pass ;; *) fail "crontab: no --quiet: $cmdline" ;; esac
eval "set -- ${cmdline//\/etc\/progrep\/report.yaml/$cfg}"
shift # progrep
set -- "${@//\/srv\/reports/$TMP/cron}"
"$PROGREP" "$@" --shard 1/24 >"$TMP/cron.out" 2>&1
expect_eq "crontab: exit" "$?" 0
expect_eq "crontab: silent when all is well" "$(cat "$TMP/cron.out")" ""
region=$(ls "$TMP"/cron/*/ | grep -m1 -o '^[0-9]*')
PROGREP_TEST_CRASH_REGION=$region "$PROGREP" "$@" --shard 1/24 >"$TMP/cron.out" 2>&1
expect_eq "crontab: a failed report exit" "$?" 4
[ -s "$TMP/cron.out" ] && pass || fail "crontab: a failed report is not reported"

# --- Kubernetes: the container's command and env from the YAML ---
k8s=$ROOT/docs/deploy/progrep-k8s-job.yaml
if python3 -c 'import yaml' 2>/dev/null; then
	python3 - "$k8s" >"$TMP/k8s.bash" <<'EOF'
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
c = spec["template"]["spec"]["containers"][0]
argv = c["command"] + c.get("args", [])
env = ["%s=%s" % (e["name"], e["value"]) for e in c.get("env", [])]
print("mode=%s" % shlex.quote(spec["completionMode"]))
print("completions=%d" % spec["completions"])
print("argv=(%s)" % " ".join(shlex.quote(a) for a in argv))
print("env=(%s)" % " ".join(shlex.quote(e) for e in env))
EOF
	source "$TMP/k8s.bash"
	expect_eq "k8s: Indexed Job" "$mode" Indexed
	printf '%s\n' "${env[@]}" | grep -qx "PROGREP_SHARDS=$completions" && pass ||
		fail "k8s: PROGREP_SHARDS is not completions ($completions): ${env[*]}"
	for ((i = 0; i < completions; i++)); do
		(cd "$TMP" && env "${env[@]}" JOB_COMPLETION_INDEX=$i PROGREP="$PROGREP" \
			PROGREP_CONFIG="$cfg" PROGREP_OUT="$TMP/k8s/$pattern" "${argv[@]}")
		expect_eq "k8s: index $i exit" "$?" 0
	done
	expect_eq "k8s: shard manifests" "$(ls "$TMP"/k8s/*/manifest.*-of-"$completions".jsonl |
		wc -l)" "$completions"
	same_pdfs k8s "$TMP/k8s"
else
	echo "skip: the Kubernetes Job's command (python3-yaml is not installed)" >&2
fi

# --- GNU parallel, as docs/deploy/README.md runs it ---
if command -v parallel >/dev/null; then
	par=(parallel -q --jobs 2 --joblog "$TMP/par.joblog")
	cmd=("$PROGREP" render "$cfg" --each county --out "$TMP/par/$pattern" --period latest
		--jobs 1 --quiet --shard {}/4 ::: 1 2 3 4)
	# One report crashes: its shard exits 4, parallel counts one failed job.
	PROGREP_TEST_CRASH_REGION=653224 "${par[@]}" --resume "${cmd[@]}" 2>"$TMP/par.err"
	expect_eq "parallel: one failed shard" "$?" 1
	grep -q '653224.*crashed' "$TMP/par.err" && pass ||
		fail "parallel: the crash is not reported: $(head -3 "$TMP/par.err")"
	"${par[@]}" --resume-failed "${cmd[@]}"
	expect_eq "parallel --resume-failed: exit" "$?" 0
	# The job log: a header, the 4 shards, the failed one run again (exit 0).
	expect_eq "parallel --resume-failed: ran one shard again" \
		"$(awk -F'\t' 'NR > 1 { print $7 }' "$TMP/par.joblog" | sort | tr '\n' ' ')" \
		"0 0 0 0 4 "
	"${par[@]}" --resume "${cmd[@]}"
	expect_eq "parallel --resume: exit" "$?" 0
	expect_eq "parallel --resume: nothing ran again" "$(($(wc -l <"$TMP/par.joblog") - 1))" 5
	same_pdfs parallel "$TMP/par"
else
	echo "skip: GNU parallel (not installed)" >&2
fi
finish

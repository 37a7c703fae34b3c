#!/usr/bin/env bash
# A real scheduler: a single-node Slurm (munged, slurmctld, slurmd; config,
# key, state and logs under $TMP, nothing in /etc, listening on 127.0.0.1
# only) runs the shipped docs/deploy/progrep-slurm.sh as an 8-task array
# with `sbatch --wait`. Its 96 county PDFs must be those of an unsharded
# run byte for byte, the shards' manifests must merge into the unsharded
# run's manifest, and a shard with a failing report must make sbatch
# --wait exit non-zero. Every daemon started here is stopped by its pid,
# also when the test fails.
#
# Needs root and the Debian packages slurmctld slurmd slurm-client munge
# (scripts/deps.sh installs them; CI runs as root). Without them it prints
# "skip: ..." and exits 77, which ctest reports as skipped, not passed.
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1587686400
PROGREP=$(realpath "$PROGREP")
cfg=$ROOT/templates/county-brief.yaml
pattern='{period}/{code}-{name}.pdf'
S=$TMP/slurm
START=$SECONDS

skip() {
	echo "skip: $*" >&2
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "slurm: not root (slurmd runs the jobs as their user)"
for c in munged munge slurmctld slurmd sbatch sinfo scancel python3; do
	command -v "$c" >/dev/null ||
		skip "slurm: '$c' not found (scripts/deps.sh installs slurmctld slurmd slurm-client munge)"
done

# --- the daemons, stopped by pid on any exit ---
pids=()
submit_pid=
stop_daemons() {
	local i pid t
	[ -n "$submit_pid" ] && kill "$submit_pid" 2>/dev/null && wait "$submit_pid"
	[ -n "${SLURM_CONF:-}" ] && timeout 10 scancel --quiet --user="$(id -un)" 2>/dev/null
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do # slurmd, slurmctld, munged
		pid=${pids[i]}
		kill "$pid" 2>/dev/null || continue
		for ((t = 0; t < 50; t++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}
trap 'stop_daemons; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

# wait_for SECONDS WHAT CMD...: until CMD succeeds, at most SECONDS.
wait_for() {
	local until=$((SECONDS + $1)) what=$2
	shift 2
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$until" ]; then
			fail "slurm: $what not within the time limit"
			tail -n 20 "$S"/log/* >&2
			exit 1
		fi
		sleep 0.2
	done
}

# munged checks that every folder above its socket is searchable by all.
chmod 755 "$TMP"
mkdir -p "$S"/{munge,run,state,spool,log,out}
chmod 700 "$S/munge"
chmod 755 "$S/run"
dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$S/munge/munge.key"
sock=$S/run/munge.sock
munged -F --key-file="$S/munge/munge.key" --socket="$sock" --pid-file="$S/run/munged.pid" \
	--log-file="$S/log/munged.log" --seed-file="$S/munge/seed" >"$S/log/munged.out" 2>&1 &
pids+=($!)
munge_ok() { munge -n -S "$sock" | unmunge -S "$sock"; }
wait_for 10 "munged answering" munge_ok

# Two free ports on 127.0.0.1 (another Slurm may hold the standard ones).
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
cat >"$S/slurm.conf" <<EOF
ClusterName=progreptest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
# Bind to the addresses above, not to every interface.
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/run/slurmctld.pid
SlurmdPidFile=$S/run/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
# A node of 16 CPUs whatever the machine has, so that the 8 tasks of 2 CPUs
# run at once: sbatch --wait looks after 2 s, then after 10 s and 42 s.
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=16 RealMemory=8192
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
# Only this cluster: no variables of a Slurm job this test may run inside.
unset $(compgen -v SLURM_)
export SLURM_CONF=$S/slurm.conf
slurmctld -D -f "$SLURM_CONF" >"$S/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N localhost >"$S/log/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { [ "$(sinfo -h -n localhost -o %t)" = idle ]; }
wait_for 30 "the node idle" node_idle
pass
echo "slurm: node idle after $((SECONDS - START)) s"

# Nothing listens beyond this machine.
if command -v ss >/dev/null; then
	ss -Hltnp >"$TMP/listen"
	for pid in "${pids[@]}"; do
		grep "pid=$pid," "$TMP/listen" | awk '{ print $4 }'
	done >"$TMP/ours"
	expect_eq "slurm: listening sockets of slurmctld and slurmd" "$(wc -l <"$TMP/ours")" 2
	expect_eq "slurm: listening beyond 127.0.0.1" "$(grep -v '^127\.0\.0\.1:' "$TMP/ours")" ""
fi

# The job as shipped.
# submit OUT [VAR=VALUE...]: the array job into $S/out/OUT, its exit code.
# In the background, so that a signal to the test stops it at once.
submit() {
	local out=$1 rc
	shift
	env "$@" PROGREP="$PROGREP" PROGREP_CONFIG="$cfg" PROGREP_OUT="$S/out/$out/$pattern" \
		timeout 90 sbatch --wait --quiet --output="$S/log/$out-%A_%a.log" \
		"$ROOT/docs/deploy/progrep-slurm.sh" &
	submit_pid=$!
	wait "$submit_pid"
	rc=$?
	submit_pid=
	return $rc
}

"$PROGREP" render "$cfg" --each county --out "$TMP/ref/$pattern" --period latest --quiet
expect_eq "unsharded run" "$?" 0

t=$SECONDS
submit ok
expect_eq "sbatch --wait exit" "$?" 0
echo "slurm: array job done in $((SECONDS - t)) s"
expect_eq "shard manifests" "$(ls "$S"/out/ok/2019/manifest.*-of-8.jsonl | wc -l)" 8
expect_eq "PDFs" "$(ls "$S"/out/ok/2019/*.pdf | wc -l)" 96
n=0
for f in "$TMP"/ref/2019/*.pdf; do
	cmp -s "$f" "$S/out/ok/2019/${f##*/}" || fail "differs from the unsharded run: ${f##*/}"
	n=$((n + 1))
done
expect_eq "PDFs compared with cmp" "$n" 96
# The documented merge (docs/deploy/README.md) gives the whole run's manifest.
"$PROGREP" manifest merge "$S/out/ok/2019/manifest.jsonl" "$S"/out/ok/2019/manifest.*-of-8.jsonl
expect_eq "manifest merge exit" "$?" 0
sed "s|\"path\":\"$TMP/ref/|\"path\":\"$S/out/ok/|" "$TMP/ref/2019/manifest.jsonl" |
	LC_ALL=C sort >"$TMP/want.jsonl"
cmp -s "$S/out/ok/2019/manifest.jsonl" "$TMP/want.jsonl" && pass ||
	fail "merged manifest is not the unsharded run's"

# One report crashes: its task exits 4, and so does sbatch --wait; the
# other 95 reports are written and the merged manifest says which failed.
t=$SECONDS
submit crash PROGREP_TEST_CRASH_REGION=653224
expect_eq "sbatch --wait exit with a failing shard" "$?" 4
echo "slurm: array job with a failing shard done in $((SECONDS - t)) s"
expect_eq "PDFs of the failing run" "$(ls "$S"/out/crash/2019/*.pdf | wc -l)" 95
grep -l 'progrep render: 653224 洛浦县: the worker process crashed' "$S"/log/crash-*.log \
	>/dev/null && pass || fail "the crash is not in the task's log"
"$PROGREP" manifest merge "$TMP/crash.jsonl" "$S"/out/crash/2019/manifest.*-of-8.jsonl
expect_eq "failed report in the merged manifest" \
	"$(grep -c '"status":"failed"' "$TMP/crash.jsonl") $(wc -l <"$TMP/crash.jsonl")" "1 96"

echo "slurm: $((SECONDS - START)) s in all"
finish

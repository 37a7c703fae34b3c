#!/bin/bash
# Slurm job array: 8 tasks, task i (0-7) renders shard i+1 of 8 into a shared
# folder; merge the shards' manifests afterwards (README.md). sbatch --wait
# exits non-zero when a task failed.
#   sbatch progrep-slurm.sh
#   sbatch --array=0-15 progrep-slurm.sh               # 16 shards instead
#   sbatch --array=3 --export=ALL,PROGREP_SHARDS=8 progrep-slurm.sh  # re-run shard 4 of 8
# sbatch passes its environment on; these variables, if set, replace the
# defaults: PROGREP (the binary), PROGREP_CONFIG, PROGREP_OUT (the pattern).
#SBATCH --job-name=progrep-reports
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=512M
#SBATCH --time=00:10:00
#SBATCH --output=progrep-%A_%a.log
set -eu
[ -n "${PROGREP_OUT:-}" ] || PROGREP_OUT='/srv/reports/{period}/{code}-{name}.pdf'
# Task ids count from 0, as Kubernetes' JOB_COMPLETION_INDEX does. A re-run
# of some tasks has a smaller task count: PROGREP_SHARDS keeps N.
exec "${PROGREP:-progrep}" render "${PROGREP_CONFIG:-/etc/progrep/report.yaml}" \
	--each county --out "$PROGREP_OUT" --period latest \
	--jobs "${SLURM_CPUS_PER_TASK:-2}" \
	--shard "$((SLURM_ARRAY_TASK_ID + 1))/${PROGREP_SHARDS:-$SLURM_ARRAY_TASK_COUNT}"

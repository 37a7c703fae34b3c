#!/bin/bash
# Slurm job array: 8 tasks, task i renders shard i of 8 into a shared folder.
#   sbatch progrep-slurm.sh
#SBATCH --job-name=progrep-reports
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=512M
#SBATCH --time=00:10:00
#SBATCH --output=progrep-%A_%a.log
set -u
exec progrep render /etc/progrep/report.yaml --each county \
	--out '/srv/reports/{period}/{code}-{name}.pdf' --period latest \
	--jobs "${SLURM_CPUS_PER_TASK:-2}" --shard "${SLURM_ARRAY_TASK_ID}/8"

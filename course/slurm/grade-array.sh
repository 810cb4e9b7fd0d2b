#!/usr/bin/env bash
# One shard of a grading, as one task of a Slurm job array: task K of an array of N tasks grades
# the K-th of N slices of the class (./lab grade --shard K/N: a student's notebooks always land in
# the same slice) into OUTROOT/shard-K, and enters nothing. merge.sh, beside this script, then
# joins the shards' grades and enters them into the gradebook.
#
# Submit from the project's folder, once ./lab grade --prepare has set the project up
# (course/slurm/submit.sh does that, submits the array and the merge after it, in one go):
#
#   sbatch --array=0-3 course/slurm/grade-array.sh SUBMISSIONS OUTROOT [OPTION…]
#   sbatch --array=2 course/slurm/grade-array.sh --shards 4 SUBMISSIONS OUTROOT [OPTION…]
#
# The second grades shard 2 of 4 again, alone: an array that is not 0-(N-1) must say N.
# SUBMISSIONS is a folder of notebooks; OPTION… are ./lab grade's own (--roster CSV,
# --cell-seconds S, --jobs N, …), the same for every shard and for the merge. Paths are read from
# the folder sbatch was run in. Each task runs one kernel per CPU it was given (--jobs).
#
# Every task runs ./lab with LAB_NO_SET_UP=1: it checks the set-up and refuses, saying what is
# missing, rather than build the project while the other tasks read it.
#
#SBATCH --job-name=grade
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
set -euo pipefail

say() { printf '[grade-array] %s\n' "$*"; }
die() { printf '[grade-array] %s\n' "$*" >&2; exit 2; }

shards=""
if [ "${1:-}" = "--shards" ]; then
  [ $# -ge 2 ] || die "--shards needs the number of shards"
  shards=$2
  shift 2
fi
[ $# -ge 2 ] || die "usage: sbatch --array=0-(N-1) grade-array.sh [--shards N] SUBMISSIONS OUTROOT [OPTION…]"
submissions=$1
outroot=$2
shift 2
for option in "$@"; do
  case "$option" in
    --shard|--shard=*|--shards|--out|--out=*|--merge|--prepare)
      die "$option: this script chooses the shard and its output folder itself; OPTION… are the rest of ./lab grade's" ;;
  esac
done

[ -n "${SLURM_ARRAY_TASK_ID:-}" ] \
  || die "not a task of a job array (no SLURM_ARRAY_TASK_ID): submit it with sbatch --array=0-(N-1)"
task=$SLURM_ARRAY_TASK_ID
if [ -z "$shards" ]; then
  # Only an array numbered 0 to N-1 tells N by its size: --array=2 (one shard again) has one task.
  count=${SLURM_ARRAY_TASK_COUNT:?}
  first=${SLURM_ARRAY_TASK_MIN:-0}
  last=${SLURM_ARRAY_TASK_MAX:-$((count - 1))}
  if [ "$first" != 0 ] || [ "$last" != $((count - 1)) ]; then
    die "this array's tasks are $count between $first and $last, not 0-$((count - 1)), so its size is not the number of shards: say it (grade-array.sh --shards N …)"
  fi
  shards=$count
fi
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: the number of shards is a whole number, 1 or more"

# The project: LAB_ROOT (submit.sh sets it), else the folder sbatch was run in. Slurm runs a copy
# of this script from its own spool folder, so the script's own path does not tell.
root=${LAB_ROOT:-${SLURM_SUBMIT_DIR:-}}
[ -n "$root" ] && [ -x "$root/lab" ] && [ -f "$root/course/slurm/grade-array.sh" ] \
  || die "cannot tell where the project is (${root:-no folder given}): submit from the project's folder (cd PROJECT; sbatch … course/slurm/grade-array.sh …), or with LAB_ROOT=PROJECT exported"
[ -e "$submissions" ] || die "no such file or folder: $submissions (seen from $PWD)"
mkdir -p "$outroot"
outroot="$(cd "$outroot" && pwd)"

say "shard $task/$shards of $submissions, on $(hostname -s) (job ${SLURM_ARRAY_JOB_ID:-?}_$task), into $outroot/shard-$task"
export LAB_NO_SET_UP=1
exec "$root/lab" grade --jobs "${SLURM_CPUS_PER_TASK:-2}" "$@" --shard "$task/$shards" \
  --out "$outroot/shard-$task" --no-gradebook "$submissions"

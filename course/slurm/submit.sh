#!/usr/bin/env bash
# A whole grading on Slurm in one command: sets the project up once (./lab grade --prepare),
# submits the job array of N shards (grade-array.sh) and the merge as a job that runs after it
# (merge.sh), and says how to follow them.
#
#   course/slurm/submit.sh --shards N [--sbatch=OPTION…] SUBMISSIONS OUTROOT [OPTION…]
#
# SUBMISSIONS: a folder of notebooks; OUTROOT: a new folder for this grading (the shards' grades,
# the merged run, the logs); OPTION…: ./lab grade's own, for every shard and the merge (--roster
# CSV, --gradebook DIR, --cell-seconds S, …). --sbatch=OPTION (as often as needed) goes to both
# sbatch commands: --sbatch=--partition=short --sbatch=--cpus-per-task=4. sbatch's own
# SBATCH_PARTITION, SBATCH_ACCOUNT, … variables work too.
#
# The merge waits for every task, failed or not (afterany): it is the step that says which shard
# is missing and how to grade it again alone. The project's folder, SUBMISSIONS and OUTROOT must be
# on a file system every node sees, at the same path.
set -euo pipefail

say() { printf '[submit] %s\n' "$*"; }
die() { printf '[submit] %s\n' "$*" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shards=""
sbatch_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) [ $# -ge 2 ] || die "--shards needs the number of shards"; shards=$2; shift 2 ;;
    --sbatch=*) sbatch_options+=("${1#--sbatch=}"); shift ;;
    *) break ;;
  esac
done
[ -n "$shards" ] && [ $# -ge 2 ] \
  || die "usage: submit.sh --shards N [--sbatch=OPTION…] SUBMISSIONS OUTROOT [OPTION…]"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: the number of shards is a whole number, 1 or more"
submissions=$1
outroot=$2
shift 2
command -v sbatch >/dev/null 2>&1 || die "sbatch is missing: run this where Slurm's commands are (a login node)"
[ -e "$submissions" ] || die "no such file or folder: $submissions"
# A shard left from another grading would be merged with this one's: each grading its own folder.
if compgen -G "$outroot/shard-*" >/dev/null; then
  die "$outroot already holds shards of a grading: name a new folder. (To grade one shard of it again, see merge.sh.)"
fi

"$root/lab" grade --prepare
mkdir -p "$outroot/logs"
export LAB_ROOT="$root"

array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$outroot/logs/shard-%a.log" \
  ${sbatch_options[@]+"${sbatch_options[@]}"} \
  "$root/course/slurm/grade-array.sh" --shards "$shards" "$submissions" "$outroot" "$@")
array=${array%%;*}  # "JOBID" or "JOBID;CLUSTER"
merge=$(sbatch --parsable --dependency="afterany:$array" --output="$outroot/logs/merge.log" \
  ${sbatch_options[@]+"${sbatch_options[@]}"} \
  "$root/course/slurm/merge.sh" --shards "$shards" "$submissions" "$outroot" "$@")
merge=${merge%%;*}

say "array job $array: $shards shards of $submissions, logs $outroot/logs/shard-K.log"
say "merge job $merge, after every shard: into $outroot/merged and the gradebook, log $outroot/logs/merge.log"
say "follow them: squeue -j $array,$merge   (when done, with accounting: sacct -j $array,$merge)"

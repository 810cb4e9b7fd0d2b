#!/usr/bin/env bash
# The last step of a grading on Slurm: joins the shards that grade-array.sh wrote into
# OUTROOT/shard-0 … shard-(N-1) into one run, OUTROOT/merged (grades, feedback pages), and enters
# it into the gradebook (./lab grade --merge). It takes the array's own arguments, with N:
#
#   course/slurm/merge.sh --shards N SUBMISSIONS OUTROOT [OPTION…]
#   sbatch --dependency=afterany:ARRAY_JOB course/slurm/merge.sh --shards N SUBMISSIONS OUTROOT [OPTION…]
#
# OPTION… as for the shards: --roster CSV (the shards' own), --gradebook DIR (else the project's
# gradebook/). The merge refuses shards that are missing, given twice, of another count or graded
# with other answer keys, and changes nothing then; for a shard that is missing (its task failed
# or ran out of time: its log, and sacct -j ARRAY_JOB, say why) it prints the command that grades
# it again alone. It needs no cluster: run it on the login node as well.
#
#SBATCH --job-name=grade-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:20:00
set -euo pipefail

say() { printf '[merge] %s\n' "$*"; }
die() { printf '[merge] %s\n' "$*" >&2; exit 2; }

[ "${1:-}" = "--shards" ] && [ $# -ge 4 ] \
  || die "usage: merge.sh --shards N SUBMISSIONS OUTROOT [OPTION…] (the arguments of the job array, with N)"
shards=$2
submissions=$3
outroot=$4
shift 4
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: the number of shards is a whole number, 1 or more"
if [ -n "${SLURM_JOB_ID:-}" ]; then
  root=${LAB_ROOT:-${SLURM_SUBMIT_DIR:-}}  # as in grade-array.sh: Slurm runs a copy of this script
else
  root=${LAB_ROOT:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"}
fi
[ -n "$root" ] && [ -x "$root/lab" ] \
  || die "cannot tell where the project is (${root:-no folder given}): run from the project's folder, or with LAB_ROOT=PROJECT exported"

# The shards that wrote their grades, and those that did not.
present=()
missing=()
for ((k = 0; k < shards; k++)); do
  if [ -f "$outroot/shard-$k/run.json" ]; then
    present+=("$outroot/shard-$k")
  else
    missing+=("$k")
  fi
done

# Printed when the merge is refused for a missing shard: how to grade it again, alone.
rerun_hint() {
  local list arguments
  list=$(IFS=,; echo "${missing[*]}")
  arguments=$(printf ' %q' --shards "$shards" "$submissions" "$outroot" "$@")
  local output=""  # beside the first try's log, when there is a folder for the logs (submit.sh makes it)
  [ -d "$outroot/logs" ] && output=" --output=$(printf %q "$outroot/logs/shard-%a.again-%A.log")"
  say "to grade the missing shard(s) again, alone, from $PWD:"
  say "  sbatch --array=$list$output --export=ALL,LAB_ROOT=$(printf %q "$root") $(printf %q "$root/course/slurm/grade-array.sh")$arguments"
  say "then merge again: $(printf %q "$root/course/slurm/merge.sh")$arguments"
}

if [ ${#present[@]} -eq 0 ]; then
  say "none of the $shards shards wrote grades into $outroot: every task failed (see their logs, and sacct)" >&2
  rerun_hint "$@" >&2
  exit 2
fi
say "merging ${#present[@]} of $shards shards from $outroot into $outroot/merged"
export LAB_NO_SET_UP=1
status=0
"$root/lab" grade --merge "$@" --out "$outroot/merged" "${present[@]}" || status=$?
if [ "$status" -ne 0 ] && [ ${#missing[@]} -gt 0 ]; then
  rerun_hint "$@" >&2
fi
exit "$status"

#!/usr/bin/env bash
# Where the service's CPU goes: runs `i2i bench stream`, profiles SECONDS of its peak phase with
# async-profiler (every thread, CPU time), and prints the share of each thread group and the
# hottest frames of the largest ones. Not part of the tests.
#
#   scripts/profile-stream.sh [SECONDS] [i2i bench stream options ...]
#   scripts/profile-stream.sh 20 --sizes 512
#
# async-profiler comes from Maven Central on first use (tools.profiler:async-profiler, the
# linux-x64 jar). It samples with a CPU timer (event=itimer), which needs no perf_event access.
# Output in .i2i/profile/: peak.collapsed (one line per stack, for any flame-graph tool), the
# bench's log and its tables.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PROFILED="${1:-20}"
shift || true
if ! [[ "$SECONDS_PROFILED" =~ ^[0-9]+$ ]] || ((SECONDS_PROFILED < 1)); then
  echo "usage: scripts/profile-stream.sh [SECONDS (a whole number, default 20)] [bench options]" >&2
  exit 2
fi
VERSION=4.2
OUT="$ROOT/.i2i/profile"
LIB="$OUT/linux-x64/libasyncProfiler.so"
mkdir -p "$OUT"
if [[ ! -f "$LIB" ]]; then
  echo "fetching async-profiler $VERSION from Maven Central ..." >&2
  (cd "$ROOT" && ./mvnw -q -B dependency:copy \
    -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64" -DoutputDirectory="$OUT")
  (cd "$OUT" && unzip -q -o "async-profiler-$VERSION-linux-x64.jar" 'linux-x64/*')
fi

LOG="$OUT/bench.log"
# The peak phase lasts about --seconds / ratio: twice the profiled time leaves room on both sides.
"$ROOT/i2i" bench stream --seconds $((2 * SECONDS_PROFILED)) --out "$OUT/bench" "$@" >"$LOG" 2>&1 &
JAVA=$! # the launcher execs java: this is the benchmark's JVM
until grep -q '  peak \[' "$LOG"; do
  if ! kill -0 "$JAVA" 2>/dev/null; then
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done
# jcmd splits its arguments at '=': the profiler's options go in one quoted string.
jcmd "$JAVA" JVMTI.agent_load "$LIB" "\"start,event=itimer,interval=1ms,threads\"" >/dev/null
echo "profiling $SECONDS_PROFILED s of the peak phase ..." >&2
sleep "$SECONDS_PROFILED"
jcmd "$JAVA" JVMTI.agent_load "$LIB" "\"stop,file=$OUT/peak.collapsed,collapsed\"" >/dev/null
wait "$JAVA"
grep -A1 '^ size thr bat' "$LOG" | head -5

# Thread names lose their numbers (i2i-infer-1 and -2 are one group).
awk '
  {
    n = $NF; total += n
    split($0, frames, ";"); t = frames[1]
    gsub(/ tid=[0-9]+/, "", t); gsub(/-[0-9]+/, "-#", t); gsub(/#[0-9]+/, "#", t)
    leaf = frames[length(frames)]; sub(/ [0-9]+$/, "", leaf)
    byThread[t] += n; byLeaf[t SUBSEP leaf] += n
  }
  END {
    printf "\nCPU by thread group (%d samples of 1 ms CPU):\n", total
    for (t in byThread) printf "%6.1f%% %s\n", 100 * byThread[t] / total, t | "sort -rn | head -20"
    close("sort -rn | head -20")
    printf "\nHottest frames (over 0.2%%) of the groups over 1%%:\n"
    for (k in byLeaf) {
      split(k, p, SUBSEP)
      if (byThread[p[1]] > total / 100 && byLeaf[k] > total / 500)
        printf "%6.1f%% %s  %s\n", 100 * byLeaf[k] / total, p[1], substr(p[2], 1, 100) | "sort -rn | head -20"
    }
  }' "$OUT/peak.collapsed"
echo "stacks: $OUT/peak.collapsed" >&2

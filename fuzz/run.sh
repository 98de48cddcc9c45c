#!/usr/bin/env bash
# Build and run the fuzz targets, one after the other, each for SECONDS (default 30).
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Works on a stable toolchain (RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags) or
# on nightly. Seeds come from fuzz/seeds.sh. Exits 1 when a target finds a crash, a
# timeout (a single input running over 10 s) or an out-of-memory (over 2 GiB); the
# input is saved under fuzz/artifacts/TARGET/. Prints one summary line per target:
#   fuzz: TARGET seconds=… runs=… corpus=… result=ok|CRASH
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-30}
shift || true
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
# No sanitizer: the code under test is safe Rust, and ASan would triple build and run
# time. Debug assertions on, so that integer overflow panics as in the test build.
FLAGS=(-s none --debug-assertions)
if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi
bash seeds.sh
cargo fuzz build "${FLAGS[@]}"
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="artifacts/$t/last-run.log"
  set +e
  cargo fuzz run "${FLAGS[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  n=$(find "corpus/$t" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    echo "fuzz: $t seconds=$SECONDS_EACH runs=$runs corpus=$n result=ok"
  else
    status=1
    echo "fuzz: $t seconds=$SECONDS_EACH runs=$runs corpus=$n result=CRASH (exit $rc)"
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 8 | sed 's/^/  /'
  fi
done
exit $status

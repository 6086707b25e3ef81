#!/bin/sh
# Runs fuzz targets one after another at low priority and logs the libFuzzer summary.
#   fuzz/run.sh <build-fuzz dir> <seed dir from make_seeds.sh> <work dir> <seconds per target> [runs] target...
# MAX_LEN (environment) caps the input size (default 1 MiB; smaller runs faster); FUZZ_FLAGS adds
# libFuzzer flags (fuzz_weights: -detect_leaks=0, LibTorch leaks ~600 bytes per rejected zip).
# Each target gets <work dir>/<target>/corpus (grown from the seeds), crash-* files there and
# a log <work dir>/<target>.log whose last "#N DONE" / "Done N runs" line is the execution count.
set -u
build=$1; seeds=$2; work=$3; seconds=$4; runs=$5; shift 5
for t in "$@"; do
  case $t in
    fuzz_chexmask_csv) s=csv ;; fuzz_rle) s=rle ;; fuzz_landmarks) s=landmarks ;;
    fuzz_image) s=image ;; fuzz_store_open) s=store ;; fuzz_weights) s=weights ;; *) s=$t ;;
  esac
  mkdir -p "$work/$t/corpus"
  cp -n "$seeds/$s"/* "$work/$t/corpus/" 2>/dev/null || true
  ( cd "$work/$t" && nice -n 19 "$build/fuzz/$t" -max_total_time="$seconds" -runs="$runs" \
      -rss_limit_mb=2048 -max_len="${MAX_LEN:-1048576}" -timeout=30 -print_final_stats=1 ${FUZZ_FLAGS:-} corpus ) > "$work/$t.log" 2>&1
  echo "$t: exit $? $(grep -E 'stat::number_of_executed_units' "$work/$t.log" | tail -n 1)"
done

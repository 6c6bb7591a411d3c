#!/usr/bin/env bash
# Times `kehoach batch` over a large corpus built by replicating the fixtures:
#   scripts/bench-batch.sh [N ...]        (default: 1000 10000 documents)
# Prints documents/s, MB/s and the peak memory (from /usr/bin/time -v when present)
# for each size, so that growth from 1k to 10k documents can be read as linear or not.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
BIN=target/release/kehoach
SIZES=("${@:-1000 10000}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SOURCES=(fixtures/corpus/* seeds/*)
for n in ${SIZES[@]}; do
  IN="$WORK/in-$n"; OUT="$WORK/out-$n"
  mkdir -p "$IN"
  for ((i = 0; i < n; i++)); do
    src=${SOURCES[$((i % ${#SOURCES[@]}))]}
    sub=$((i / 500))
    mkdir -p "$IN/$sub"
    cp "$src" "$IN/$sub/$i-$(basename "$src")"
  done
  bytes=$(du -sb "$IN" | cut -f1)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$BIN" batch "$IN" -o "$OUT" 2> "$WORK/time-$n" >/dev/null || true
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = 0; for (k = 1; k <= length(t); k++) s = s * 60 + t[k]; print s}' "$WORK/time-$n")
    peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$n")
  else
    start=$(date +%s.%N); "$BIN" batch "$IN" -o "$OUT" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc); peak="?"
  fi
  awk -v n="$n" -v b="$bytes" -v s="$secs" -v p="$peak" 'BEGIN {
    printf "%6d documents, %6.1f MB: %6.2f s, %7.1f documents/s, %6.2f MB/s, peak memory %s KB\n", n, b / 1e6, s, n / s, b / 1e6 / s, p }'
  rm -rf "$IN" "$OUT"
done

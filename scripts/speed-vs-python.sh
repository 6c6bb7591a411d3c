#!/usr/bin/env bash
# Issue 15's measure: kehoach `batch -j 1` against a Python pass that only
# NFC-normalizes each file and runs one number regex over each line, in one run,
# on the same input (N copies of ../shared/corpus/*.txt and the seed), best of 3.
#   scripts/speed-vs-python.sh [COPIES ...]     (default: 10 40)
# Prints MB/s for both and the ratio; with two sizes, the growth of kehoach's time.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SRC=("$SHARED"/corpus/*.txt seeds/*.txt)
[ -f "${SRC[0]}" ] || SRC=(fixtures/corpus/*.txt seeds/*.txt)
cargo build --release -q
BIN=$PWD/target/release/kehoach
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/pass.py" <<'PY'
import re, sys, pathlib, unicodedata
NUM = re.compile(r"\d+(?:[.,]\d+)*\s*%?")
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    t = unicodedata.normalize("NFC", p.read_bytes().decode("utf-8", "replace"))
    for line in t.split("\n"):
        n += len(NUM.findall(line))
print(n)
PY
best() { # best wall time of 3 runs of "$@", in seconds
  local b=999999 s e t
  for _ in 1 2 3; do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc); b=$(echo "if ($t < $b) $t else $b" | bc)
  done
  echo "$b"
}
prev=""
for copies in ${@:-10 40}; do
  IN="$WORK/in-$copies"; mkdir -p "$IN"
  for ((i = 0; i < copies; i++)); do for f in "${SRC[@]}"; do cp "$f" "$IN/$i-$(basename "$f")"; done; done
  bytes=$(cat "$IN"/* | wc -c)
  k=$(best "$BIN" batch "$IN" -o "$WORK/out" -j 1)
  p=$(best python3 "$WORK/pass.py" "$IN")
  awk -v c="$copies" -v b="$bytes" -v k="$k" -v p="$p" -v prev="$prev" 'BEGIN {
    printf "%3d copies, %5.1f MB: kehoach %6.2f s %6.1f MB/s | python %6.2f s %6.1f MB/s | ratio %.2f", c, b/1e6, k, b/1e6/k, p, b/1e6/p, p/k
    if (prev != "") { split(prev, q, ":"); printf " | growth x%.2f for x%.1f input", k/q[2], b/q[1] }
    printf "\n" }'
  prev="$bytes:$k"
  rm -rf "$IN" "$WORK/out"
done

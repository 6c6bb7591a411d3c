#!/usr/bin/env bash
# Regression checks over ../shared/corpus (bulk/ included) and the seed:
#   1. every document diffed against itself: no change, exit 0;
#   2. check against fresh models: exit 0;
#   3. one copy edited (a word inserted mid-paragraph): check exits 1 and names it.
# Prints one line per step; exits 1 on the first step that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
[ -d "$SHARED/corpus" ] || { echo "no $SHARED/corpus" >&2; exit 2; }
cargo build --release -q
k=target/release/kehoach
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp "$SHARED"/corpus/*.txt "$SHARED"/corpus/*.md "$SHARED"/corpus/bulk/* seeds/*.txt "$work/in"/ 2>/dev/null || true
n=0
for f in "$work"/in/*; do
  if ! $k diff "$f" "$f" >/dev/null; then echo "diff X X reports changes: $f"; exit 1; fi
  n=$((n + 1))
done
echo "1. diff X X: no change on $n documents"
$k check "$work/in" --against "$work/models" --init >/dev/null 2>&1 || true
if $k check "$work/in" --against "$work/models" >/dev/null 2>"$work/err"; then
  echo "2. check against fresh models: exit 0 ($(tail -1 "$work/err"))"
else
  echo "2. check against fresh models failed:"; cat "$work/err"; exit 1
fi
python3 - "$work/in" <<'PY'
import sys, pathlib
p = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))[0]
t = p.read_text(encoding="utf-8")
lines = t.split("\n")
i = max(range(len(lines)), key=lambda k: len(lines[k]))
mid = lines[i].find(" ", len(lines[i]) // 2)
lines[i] = lines[i][:mid] + " được bổ sung" + lines[i][mid:]
p.write_text("\n".join(lines), encoding="utf-8")
print(p.name, file=open(pathlib.Path(sys.argv[1]).parent / "edited", "w"))
PY
set +e
$k check "$work/in" --against "$work/models" >"$work/out" 2>/dev/null
code=$?
set -e
if [ "$code" = 1 ] && grep -q "được bổ sung" "$work/out"; then
  echo "3. after one edit in $(cat "$work/edited"): exit 1, the change named:"
  grep -m1 "được bổ sung" "$work/out" | cut -c1-160
else
  echo "3. the edit was not reported (exit $code)"; cat "$work/out"; exit 1
fi

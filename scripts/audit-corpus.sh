#!/usr/bin/env bash
# Runs `kehoach batch` over every document of ../shared/corpus (bulk/ included) and the
# seed, then the gold-free audit (../shared/tools/audit.py) over the models, and prints
# its figures beside the goals of the issue on unseen documents.
#   scripts/audit-corpus.sh [--worst N] [--per-doc] [--keep DIR]
# The corpus stays in ../shared (the repository keeps only the documents its tests need).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/corpus" ] || [ ! -f "$SHARED/tools/audit.py" ]; then
  echo "no $SHARED/corpus or $SHARED/tools/audit.py: nothing to audit" >&2
  exit 2
fi
keep=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
# absolute paths: the audit reads each model's source.file to check it against its text
cp "$SHARED"/corpus/*.txt "$SHARED"/corpus/*.md "$SHARED"/corpus/bulk/* seeds/*.txt "$work/in"/ 2>/dev/null || true
out=${keep:-$work/out}
rm -rf "$out"
target/release/kehoach batch "$work/in" -o "$out" >/dev/null || true
python3 "$SHARED/tools/audit.py" --dir "$out" "${args[@]}"
echo "goals: docs_losing_text 0 | bad_owner <= 3% | lead_coverage >= 60% | deadline_missed <= 25% | indicator_bad <= 5% | year_missed <= 15%"

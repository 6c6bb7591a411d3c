#!/usr/bin/env python3
"""How often a target's indicator is the gold's: the noun phrase the number measures.

    scripts/indicator-agreement.py [--bin target/release/kehoach] [-v]

score.py matches targets by line and value and does not score the indicator; the
gold files carry it all the same. A target matched to its gold (same line, same
value or range) agrees when the two indicators share at least half of their words
(folded: lower case, NFC); it is exact when they are equal after folding.
"""
import argparse, subprocess, sys, unicodedata, re
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent

def fold(s):
    s = unicodedata.normalize("NFC", s or "").lower()
    return re.findall(r"\w+", s)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/kehoach"))
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    total = agree = exact = 0
    for g in sorted((ROOT / "fixtures/gold").iterdir()):
        tf = g / "targets.yaml"
        if not tf.exists():
            continue
        gold = yaml.safe_load(tf.read_text()) or []
        if g.name == "seed":
            doc = sorted((ROOT / "seeds").glob("*.txt"))[0]
        else:
            doc = next((p for p in (ROOT / "fixtures/corpus").glob(g.name + ".*")), None)
        if doc is None:
            continue
        out = subprocess.run([a.bin, "parse", str(doc)], capture_output=True, check=True).stdout
        model = yaml.safe_load(out)
        used = set()
        for t in gold:
            if not t.get("indicator"):
                continue
            for i, m in enumerate(model.get("targets") or []):
                if i in used or m["line"] != t["line"]:
                    continue
                if (m.get("value"), m.get("low"), m.get("high")) != (t.get("value"), t.get("low"), t.get("high")):
                    continue
                used.add(i)
                total += 1
                gw, mw = fold(t["indicator"]), fold(m["indicator"])
                inter = len(set(gw) & set(mw))
                ok = inter * 2 >= max(len(set(gw)), 1) and inter * 2 >= max(len(set(mw)), 1)
                agree += ok
                exact += gw == mw
                if a.v and not ok:
                    print(f"{g.name}:{t['line']} {t.get('value') or (t.get('low'), t.get('high'))}\n  gold: {t['indicator']}\n  ours: {m['indicator']}")
                break
    print(f"indicators matched to gold targets: {total}; agree {agree} ({100*agree/max(total,1):.1f}%), exact {exact} ({100*exact/max(total,1):.1f}%)")

if __name__ == "__main__":
    main()

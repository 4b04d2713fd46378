"""Measure: the project's table finder on the ICDAR 2013 table competition set, next to pdfplumber's default.

Writes every table found in the 67 ICDAR PDFs as grids (``table_grids``, the output of ``evidence pdf tables
--grid``) to build/icdar/grid.jsonl, the baseline (``../shared/eval/icdar_baseline.py``: plain pdfplumber
``extract_tables()``) to build/icdar/baseline.jsonl, and prints ``../shared/eval/score_icdar.py``'s figures for
eu / us / all of both, from the same run. The data and the scorer are read where they are, never copied.

    python benchmarks/icdar.py [--shared ../shared] [--errors]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.pdf import parse_many, table_grids  # noqa: E402

OUT_DIR = ROOT / "build" / "icdar"


def write_grids(pdfs: list[Path], out: Path) -> tuple[int, float]:
    """Grids of every PDF into ``out``; returns (tables written, CPU seconds)."""
    t = time.process_time()
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for res in parse_many([str(p) for p in pdfs]):
            if not res["ok"]:
                print(f"failed: {res['message']}", file=sys.stderr)
                continue
            for g in table_grids(res["parsed"]):
                fh.write(json.dumps(g, ensure_ascii=False) + "\n")
                n += 1
    return n, time.process_time() - t


def score(scorer: Path, gold: Path, pred: Path, subset: str) -> dict:
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--subset", subset,
                          "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[0])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (data and eval)")
    ap.add_argument("--errors", action="store_true", help="also print our per-file figures, worst first")
    args = ap.parse_args(argv)
    gold = args.shared / "data" / "icdar2013"
    scorer = args.shared / "eval" / "score_icdar.py"
    pdfs = sorted(gold.glob("*.pdf"))
    if not pdfs:
        print(f"no ICDAR PDFs under {gold}: pass --shared", file=sys.stderr)
        return 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    ours, base = OUT_DIR / "grid.jsonl", OUT_DIR / "baseline.jsonl"
    n, secs = write_grids(pdfs, ours)
    subprocess.run([sys.executable, str(args.shared / "eval" / "icdar_baseline.py"), "--gold", str(gold),
                    "--out", str(base)], check=True, capture_output=True)
    print(f"icdar: {len(pdfs)} PDFs, {n} grids written to {ours.relative_to(ROOT)} in {secs:.1f} s CPU")
    print(f"{'reader':<11} {'subset':<6} {'precision':>9} {'recall':>7} {'F1':>6} {'detected':>12} {'predicted':>9}"
          f" {'unmatched':>9}")
    for name, pred in (("evidence", ours), ("pdfplumber", base)):
        for subset in ("eu", "us", "all"):
            s = score(scorer, gold, pred, subset)
            print(f"{name:<11} {subset:<6} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}"
                  f" {s['detected']:>4}/{s['gt_tables']:<3} ({s['detection_rate']:.2f}) {s['pred_tables']:>5}"
                  f" {s['fp_tables']:>9}")
    if args.errors:
        subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(ours), "--errors"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

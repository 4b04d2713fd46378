"""The table reader on layouts it has never seen: N seeded random layouts (fpdf2 and headless Chromium) of the
generator's own invented rows (``tests/layouts.py``) -> ``parse_pdf`` + ``table_rows`` (what ``evidence pdf tables``
writes) -> cell recall / precision / wrong-arm share per layout and overall, counted as score_tables.py does.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/table_layouts.py [--n 30] [--makers fpdf,chromium]
        [--review ../shared/eval/review_tables.jsonl] [--keep DIR]

With ``--review``, the rows of that file (read at run time, never stored in the project) are laid out instead.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.pdf import parse_pdf, table_rows  # noqa: E402
from tests.layouts import ROWS, random_style, render, score, style_name  # noqa: E402


def measure(rows: list[dict], styles: list[dict], folder: Path) -> list[tuple[dict, dict, list[dict]]]:
    out = []
    for style in styles:
        pdf = folder / f"{style['maker']}_{style['seed']}.pdf"
        render(rows, style, pdf)
        pred = table_rows(parse_pdf(str(pdf)))
        out.append((style, score(rows, pred), pred))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="layouts in all, shared between the makers")
    ap.add_argument("--makers", default="fpdf,chromium")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--review", help="a review_tables.jsonl whose rows are laid out instead of the generator's own")
    ap.add_argument("--keep", help="write the PDFs to this folder (kept) instead of a temporary one")
    args = ap.parse_args(argv)
    rows = ROWS
    if args.review:
        with open(args.review, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    makers = args.makers.split(",")
    styles = [random_style(args.seed + i // len(makers), makers[i % len(makers)]) for i in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = measure(rows, styles, folder)
    totals: dict[str, dict[str, float]] = {}
    for style, res, _ in results:
        print(f"{res['cell_recall']:.3f} {res['cell_precision']:.3f} {res['wrong_arm_share']:.3f}  {style_name(style)}")
        for group in ("all", style["maker"], f"rules={style['rules']}", f"arms={style['arms']}",
                      "landscape" if style["landscape"] else "portrait", "split" if style["split"] else "one page"):
            t = totals.setdefault(group, {"gold": 0, "pred": 0, "right": 0, "wrong": 0})
            t["gold"] += res["gold_cells"]
            t["pred"] += res["predicted_cells"]
            t["right"] += res["right"]
            t["wrong"] += res["wrong_arm_share"] * res["predicted_cells"]
    print("\ngroup                 recall precision wrong-arm")
    for group, t in totals.items():
        print(f"{group:20s}  {t['right'] / max(t['gold'], 1):.3f}  {t['right'] / max(t['pred'], 1):.3f}     "
              f"{t['wrong'] / max(t['pred'], 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

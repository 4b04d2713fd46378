"""Benchmark: PDF parsing throughput on one core, over a ~100-page journal-style PDF.

Builds (once, cached under build/bench_pdf/) a two-column PDF by laying the seed review out eight times over
with ``sample_docs/pdf/make_seed_review_pdf.py`` (text, running headers, unruled tables, continued tables),
then times (CPU time of this process, so other load on a shared machine does not skew the figures), in the
same run and over the same first 100 pages (``--pages``):

  pdf_text_pages_per_s    ``parse_pdf(path, tables=False)``: words, lines, columns, blocks, sections, ids
  pdf_table_pages_per_s   ``parse_pdf(path)`` + ``table_rows``: the above plus table detection and table rows
  pdf_peak_mb             peak resident memory of this process (MB) after our two parses (measured before the
                          plain pass, which holds more memory than ours)
  pdf_vs_extract_text     our text parse time / a plain pdfplumber ``page.extract_text()`` pass (lower is better)
  pdf_tables_vs_extract_text  our text + tables parse time / the same plain pass (lower is better)

    python benchmarks/bench_pdf.py [--pages 100] [--rebuild]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

FIGURES = ("pdf_text_pages_per_s", "pdf_table_pages_per_s", "pdf_peak_mb", "pdf_vs_extract_text",
           "pdf_tables_vs_extract_text")  # what benchmarks/run_all.py expects this to print

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from pipeline.pdf import parse_pdf, table_rows  # noqa: E402

GENERATOR = ROOT / "sample_docs" / "pdf" / "make_seed_review_pdf.py"
OUT_DIR = ROOT / "build" / "bench_pdf"


def build_pdf(pages: int, rebuild: bool) -> Path:
    repeat = max(1, -(-pages // 14) + 1)  # the seed review lays out on 14 pages
    out = OUT_DIR / f"review_x{repeat}.pdf"
    if out.exists() and not rebuild:
        return out
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    # in its own process, so the generator's memory is not counted in this one's peak
    subprocess.run([sys.executable, str(GENERATOR), "--output", str(out), "--repeat", str(repeat)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def plain_extract_text(path: Path, pages: list[int]) -> tuple[float, int]:
    t = time.process_time()
    chars = 0
    with pdfplumber.open(path, pages=pages) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.flush_cache()
    return time.process_time() - t, chars


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)
    path = build_pdf(args.pages, args.rebuild)
    pages = list(range(1, args.pages + 1))

    t = time.process_time()
    text_only = parse_pdf(path, tables=False, pages=pages)
    text_s = time.process_time() - t

    t = time.process_time()
    full = parse_pdf(path, pages=pages)
    rows = table_rows(full)
    full_s = time.process_time() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    plain_s, _ = plain_extract_text(path, pages)
    n = text_only.n_pages
    print(f"pdf_pages: {n} ({path.relative_to(ROOT)}; {len(full.tables)} tables, {len(rows)} table rows)")
    print(f"pdf_extract_text_pages_per_s: {n / plain_s:.1f}")
    print(f"pdf_text_pages_per_s: {n / text_s:.1f}")
    print(f"pdf_table_pages_per_s: {n / full_s:.1f}")
    print(f"pdf_peak_mb: {peak_mb:.0f}")
    print(f"pdf_vs_extract_text: {text_s / plain_s:.2f}")
    print(f"pdf_tables_vs_extract_text: {full_s / plain_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

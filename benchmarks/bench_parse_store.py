"""Benchmark: parse + store a generated 30,000-record MEDLINE file into SQLite.

Prints ``name: value`` lines:
  parse_store_records_per_s   records parsed and stored per second
  parse_store_vs_iterparse    bare lxml iterparse time / parse+store time, same file, same run (target >= 0.25)
  parse_store_peak_mb         peak resident memory of the storing process plus its parser process (target < 300)

    python benchmarks/bench_parse_store.py [--records N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIGURES = ("parse_store_records_per_s", "parse_store_vs_iterparse", "parse_store_peak_mb")  # for run_all.py
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("patients tumour response survival median months treated randomised cohort phase trial "
         "chemotherapy carcinoma progression toxicity grade dose regimen analysis observed interval").split()


def sentence(rng: random.Random, n: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randrange(n), f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
    return " ".join(words).capitalize() + "."


def record(rng: random.Random, pmid: int) -> str:
    sections = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{" ".join(sentence(rng) for _ in range(3))}</AbstractText>'
        for label in ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"))
    authors = "".join(f"<Author ValidYN=\"Y\"><LastName>Author{i}</LastName><ForeName>Ann</ForeName>"
                      f"<Initials>A</Initials></Author>" for i in range(rng.randint(3, 9)))
    mesh = "".join(f'<MeshHeading><DescriptorName UI="D{rng.randint(1, 99999):06d}" MajorTopicYN="N">Term {rng.choice(WORDS)}'
                   f"</DescriptorName></MeshHeading>" for _ in range(rng.randint(5, 15)))
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
            f'<Article PubModel="Print"><Journal><ISSN IssnType="Electronic">1234-5678</ISSN><JournalIssue>'
            f"<Volume>{rng.randint(1, 60)}</Volume><PubDate><Year>{rng.randint(1990, 2025)}</Year></PubDate>"
            f"</JournalIssue><Title>Journal of {rng.choice(WORDS).title()}</Title></Journal>"
            f"<ArticleTitle>{sentence(rng, 12)}</ArticleTitle><Abstract>{sections}</Abstract>"
            f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language><PublicationTypeList>'
            f"<PublicationType>Journal Article</PublicationType></PublicationTypeList></Article>"
            f"<MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation><PubmedData><ArticleIdList>"
            f'<ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.9999/bench.{pmid}</ArticleId>'
            f"</ArticleIdList></PubmedData></PubmedArticle>\n")


def generate(path: Path, n: int) -> None:
    rng = random.Random(20261122)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        for i in range(n):
            fh.write(record(rng, 40_000_000 + i))
        fh.write("</PubmedArticleSet>\n")


def bare_iterparse(path: Path) -> tuple[float, int]:
    from lxml import etree

    start, n = time.perf_counter(), 0
    for _event, el in etree.iterparse(str(path), events=("end",), tag="PubmedArticle"):
        n += 1
        el.clear()
    return time.perf_counter() - start, n


def child(path: str, db: str) -> None:
    """Runs in a fresh process so its peak memory is the pipeline's alone."""
    from pipeline.ingest import ingest_xml
    from pipeline.store import Store

    store = Store(f"sqlite:///{db}")
    start = time.perf_counter()
    result = ingest_xml(store, [path])
    elapsed = time.perf_counter() - start
    # the storing process, plus the parser process it starts for a big file (both are alive at once)
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
               + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"seconds": elapsed, "counts": result.counts, "peak_mb": peak_mb}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=30_000)
    ap.add_argument("--child", nargs=2, metavar=("XML", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        xml, db = Path(tmp) / "medline.xml", Path(tmp) / "bench.db"
        generate(xml, args.records)
        print(f"# generated {args.records} records, {xml.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
        bare_s, n = bare_iterparse(xml)
        out = subprocess.run([sys.executable, __file__, "--child", str(xml), str(db)], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        assert res["counts"]["new"] == n == args.records, res
        print(f"parse_store_records_per_s: {n / res['seconds']:.0f}")
        print(f"parse_store_vs_iterparse: {bare_s / res['seconds']:.3f}")
        print(f"parse_store_peak_mb: {res['peak_mb']:.0f}")
        print(f"# bare iterparse {bare_s:.2f} s, parse+store {res['seconds']:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

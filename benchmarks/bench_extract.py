"""Benchmark: abstract extraction throughput on one core.

Generates a few thousand synthetic trial abstracts (templates over the project's drug and regimen
vocabulary; plus the seed abstracts of ``sample_docs/seeds`` when present, repeated), then times, in
the same run and over the same texts:

  extract_abstracts_per_s   ``extractors.analyze(title, abstract)`` calls per second (findings + summary)
  extract_vs_tokenizer      extraction throughput / spaCy-tokenizer-only throughput (scispaCy tokenizer)
  sample_sizes_abstracts_per_s  ``extractors.sample_size.sample_sizes(abstract)`` alone (one part of the above)
  sample_sizes_vs_tokenizer     its throughput / spaCy-tokenizer-only throughput

    python benchmarks/bench_extract.py [--abstracts N] [--seed S]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

FIGURES = ("extract_abstracts_per_s", "extract_vs_tokenizer", "sample_sizes_abstracts_per_s",
           "sample_sizes_vs_tokenizer")  # what benchmarks/run_all.py expects this to print

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors  # noqa: E402
from extractors.nlp import get_nlp, parse  # noqa: E402
from extractors.sample_size import sample_sizes  # noqa: E402

DRUGS = ["capecitabine", "temozolomide", "everolimus", "sunitinib", "bevacizumab", "oxaliplatin", "irinotecan",
         "cisplatin", "etoposide", "streptozocin", "5-fluorouracil", "gemcitabine", "lanreotide", "octreotide LAR"]
ACRONYMS = ["CAPTEM", "FOLFOX", "FOLFIRI", "FOLFIRINOX", "XELOX", "GEMOX", "PRRT", "STZ-5FU"]
SITES = ["pancreatic NETs", "small-intestine NETs", "lung carcinoids", "gastric NECs", "colorectal NECs"]
NUMWORDS = ["Twelve", "Eighteen", "Twenty-four", "Thirty-four", "Forty", "Fifty-nine", "Sixty-two"]

TEMPLATES = [
    # single arm
    "Background: The efficacy of {r1} in advanced {site} is unclear. Methods: We {design} {n} patients treated "
    "with {r1} between 2010 and 2019. Results: {nw} patients were evaluable. The objective response rate was "
    "{orr}% (95% CI, {lo}-{hi}%) and the disease control rate was {dcr}%. Median progression-free survival was "
    "{pfs} months (95% CI, {plo}-{phi}) and median overall survival was {os} months. The 1-year survival rate was "
    "{rate}%. Grade 3-4 neutropenia occurred in {tox}% of patients. Conclusion: {r1} is active in {site}.",
    # two arms
    "Purpose: To compare {r1} with {r2} in {site}. Patients and methods: A total of {n} patients were randomized "
    "to receive {r1} or {r2}. {r1} and {r2} were administered to {n1} and {n2} patients, respectively. Results: "
    "Median PFS was {pfs} vs {pfs2} months (hazard ratio [HR], 0.{hr}; 95% CI, 0.{hlo} to 1.{hhi}; P = .0{p}). "
    "The objective response rate was {orr}% in the {r1} arm and {orr2}% in the {r2} arm. Median overall "
    "survival was {os} and {os2} months, respectively. Conclusion: {r1} did not improve survival.",
    # cohorts + subgroups
    "Introduction: We report outcomes of {site} treated in routine practice. Methods: Records of {n} patients "
    "were retrospectively reviewed. Results: Treatments included {a1} (n = {n1}), {a2} (n = {n2}) and {r1} "
    "(n = {n3}). The overall response rate was {orr}% ({orr2}% in pancreatic tumors v {rate}% in carcinoid "
    "tumors). The median overall survival was {os} months ({os2} months for pancreatic tumors v {pfs} months "
    "for carcinoid tumors). Median follow-up was {fu} months. Conclusion: Responses were durable.",
]


def _combo(rng):
    k = rng.choice([1, 2, 2, 3])
    drugs = rng.sample(DRUGS, k)
    joiner = rng.choice([" plus ", " and ", " + ", "/", " in combination with "])
    return joiner.join(drugs) if k > 1 else drugs[0]


def synthetic_abstracts(count: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        t = TEMPLATES[i % len(TEMPLATES)]
        r1, r2 = _combo(rng), _combo(rng)
        a1, a2 = rng.sample(ACRONYMS, 2)
        vals = dict(
            r1=r1, r2=r2, a1=a1, a2=a2, site=rng.choice(SITES), n=rng.randint(20, 400), nw=rng.choice(NUMWORDS),
            n1=rng.randint(10, 200), n2=rng.randint(10, 200), n3=rng.randint(3, 40),
            design=rng.choice(["retrospectively analysed", "prospectively enrolled", "reviewed the records of"]),
            orr=rng.randint(2, 70), orr2=rng.randint(2, 70), dcr=rng.randint(40, 95), lo=rng.randint(1, 20),
            hi=rng.randint(30, 90), pfs=round(rng.uniform(2, 30), 1), pfs2=round(rng.uniform(2, 30), 1),
            plo=round(rng.uniform(1, 3), 1), phi=round(rng.uniform(31, 40), 1), os=round(rng.uniform(5, 60), 1),
            os2=round(rng.uniform(5, 60), 1), rate=rng.randint(10, 95), tox=rng.randint(2, 40), hr=rng.randint(40, 99),
            hlo=rng.randint(20, 39), hhi=rng.randint(1, 40), p=rng.randint(1, 9), fu=rng.randint(10, 60),
        )
        title = f"{r1.capitalize()} in advanced {vals['site']}" if i % 2 == 0 else ""
        out.append((title, t.format(**vals)))
    return out


def seed_abstracts() -> list[tuple[str, str]]:
    """The seed abstracts as ``evidence ingest text`` reads them (title, abstract)."""
    from pipeline.parse import parse_text

    docs = [parse_text(p.read_text(encoding="utf-8"), name=str(p))
            for p in sorted((ROOT / "sample_docs" / "seeds").glob("00[0124]_*.txt"))]
    return [(d.title or "", d.abstract_text) for d in docs]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--abstracts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    docs = synthetic_abstracts(args.abstracts, args.seed)
    seeds = seed_abstracts()
    if seeds:
        docs += seeds * max(1, args.abstracts // 20 // len(seeds))
    texts = [(t + "\n\n" + a) if t else a for t, a in docs]
    # warm up: load the pipeline and the drug dictionary outside the timed region, and compile the named patterns
    # (extractors.grammar compiles each on first use): one abstract of each template and the seed abstracts
    for title, abstract in docs[:len(TEMPLATES)] + seeds:
        extractors.analyze(title, abstract)
    tok = get_nlp().tokenizer
    parse(texts[0])

    t0 = time.perf_counter()
    for text in texts:
        tok(text)
    tok_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_findings = 0
    for title, abstract in docs:
        findings, _ = extractors.analyze(title, abstract)
        n_findings += len(findings)
    ext_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _title, abstract in docs:
        sample_sizes(abstract)
    ss_s = time.perf_counter() - t0

    per_s = len(docs) / ext_s
    tok_per_s = len(texts) / tok_s
    print(f"abstracts: {len(docs)}")
    print(f"findings: {n_findings}")
    print(f"tokenizer_abstracts_per_s: {tok_per_s:.1f}")
    print(f"extract_abstracts_per_s: {per_s:.1f}")
    print(f"extract_vs_tokenizer: {per_s / tok_per_s:.3f}")
    print(f"sample_sizes_abstracts_per_s: {len(docs) / ss_s:.1f}")
    print(f"sample_sizes_vs_tokenizer: {len(docs) / ss_s / tok_per_s:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

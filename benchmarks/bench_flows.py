"""Benchmark: the parent Prefect flow over 2,000 documents against calling the same pipeline functions.

Prints ``name: value`` lines:
  flow_overhead_ratio   parent flow time / direct time, same documents, same run (target <= 1.3)
  flow_seconds          the flow (Prefect's temporary server already started: a warm-up flow runs first)
  direct_seconds        ingest_xml + extract_documents called directly

    python benchmarks/bench_flows.py [--records N]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

FIGURES = ("flow_overhead_ratio", "flow_seconds", "direct_seconds")  # for benchmarks/run_all.py
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Prefect's temporary server gets 20 s to start by default, too little on a busy machine
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2000)
    args = ap.parse_args()
    from bench_parse_store import generate

    import extractors
    from flows.flows import evidence_pipeline, extract_pending, run
    from pipeline.extract import extract_documents
    from pipeline.ingest import ingest_xml
    from pipeline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "docs.xml"
        generate(xml, args.records)
        extractors.analyze("warm-up", "Ten patients received cisplatin; the response rate was 20%.")  # load spaCy once
        warm = f"sqlite:///{tmp}/warm.db"
        extract_pending(db_url=warm)  # starts Prefect's temporary server before anything is timed

        direct_db = f"sqlite:///{tmp}/direct.db"
        start = time.perf_counter()
        with Store(direct_db) as store:
            ingest_xml(store, [xml])
            direct = extract_documents(store)
        direct_s = time.perf_counter() - start

        flow_db = f"sqlite:///{tmp}/flow.db"
        start = time.perf_counter()
        result = run(evidence_pipeline, xml_files=[str(xml)], db_url=flow_db)
        flow_s = time.perf_counter() - start
        assert result["extracted"] == direct.documents == args.records, (result, direct)
        assert result["findings"] == direct.findings, (result, direct)

    print(f"flow_overhead_ratio: {flow_s / direct_s:.3f}")
    print(f"flow_seconds: {flow_s:.2f}")
    print(f"direct_seconds: {direct_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

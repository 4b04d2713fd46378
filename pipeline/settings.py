"""One settings object for the whole pipeline, read from ``EVIDENCE_*`` environment variables.

Every field has an embedded default so the pipeline runs on a fresh machine with no configuration. pydantic-settings
reads and checks the variables (an empty one means the default); a value of the wrong type is one error naming the
variable.
"""
from __future__ import annotations

import os

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigError

DEFAULT_DB_URL = "sqlite:///evidence.db"
NCBI_EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


def _calibrated_threshold() -> float:
    """The ``min_confidence`` the confidence calibration chose (0.95 when there is none)."""
    from extractors.vocab import confidence_calibration

    return float(confidence_calibration().get("min_confidence", 0.95))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVIDENCE_", env_ignore_empty=True, frozen=True, extra="forbid")

    db_url: str = DEFAULT_DB_URL
    # PubMed E-utilities
    eutils_base_url: str = NCBI_EUTILS
    entrez_email: str | None = None
    entrez_api_key: str | None = None
    entrez_tool: str = "evidence-pipeline"
    efetch_batch_size: int = 200
    esearch_max_hits: int = 9999  # E-utilities returns at most 10,000 ids per search
    http_timeout_s: float = 60.0
    max_retries: int = 5
    backoff_base_s: float = 1.0
    # E-utilities requests per second; 0 keeps NCBI's limits (3/s, 10/s with an api_key). Shared by
    # every process on this machine using the same cache_dir; with several machines, divide the limit
    entrez_requests_per_s: float = 0.0
    # seconds one E-utilities request may take in all, retries and back-off included
    eutils_deadline_s: float = 120.0
    # storage
    store_batch_size: int = 500
    # seconds to wait for a PostgreSQL server to answer a new connection (libpq counts 1 as 2; 0 waits for ever)
    db_connect_timeout_s: int = 10
    # MEDLINE files at least this big are parsed in a child process while this one stores (0: never)
    parse_subprocess_min_bytes: int = 32 * 1024 * 1024
    # a .xml.gz file stops with a recorded failure once it expands past this many bytes (0: no cap). A PubMed
    # baseline file (~30,000 records) expands to a few hundred MB; a compression bomb (a few MB of zeros) to
    # gigabytes, held in memory when they fall inside one record. 1 GiB passes every genuine file and bounds that
    xml_max_decompressed_bytes: int = 1024 * 1024 * 1024
    # Prefect flows: documents per task, task runner ("threads" or "dask") and its workers. Extraction is
    # CPU-bound, so threads share one core (the GIL) and more than one thread only adds contention: one
    # thread by default; EVIDENCE_TASK_RUNNER=dask with EVIDENCE_TASK_WORKERS=N for N processes.
    flow_batch_size: int = 200
    task_runner: str = "threads"
    task_workers: int = 1
    # scheduled runs (evidence flows serve): the saved query and the cron schedules
    scheduled_query: str | None = None
    query_cron: str = "0 2 * * *"
    export_cron: str = "0 6 * * 1"
    export_dir: str = "exports"
    # where downloaded payloads are cached
    cache_dir: str = Field(default_factory=lambda: os.path.join(os.path.expanduser("~"), ".cache", "evidence"))
    # PDFs: size cap for files and downloads, page cap, per-read timeout
    pdf_max_bytes: int = 100 * 1024 * 1024
    pdf_max_pages: int = 2000
    pdf_timeout_s: float = 60.0
    # seconds one PDF download may take in all, retries included (a server sending a byte at a time)
    pdf_download_deadline_s: float = 300.0
    # validation (pipeline/validate.py): a value failing a check goes to the review queue with the reason
    # A value is accepted without review only when its confidence says it is right at least 95% of the time
    # (architecture, "Trust"). The threshold is chosen by benchmarks/calibrate_confidence.py --write with the
    # confidence scorer it fits (extractors/data/confidence.json, "min_confidence"): the lowest threshold at which the
    # values accepted (no other reason, confidence at or above it) were right at least 95% of the time on documents
    # left out of the fit (5-fold cross-validation over the development abstracts and the PICO development half).
    min_confidence: float = Field(default_factory=_calibrated_threshold)  # confidence below this is a reason
    max_months: float = 240.0  # a median or landmark above this many months is implausible
    max_patients: int = 100_000  # an N above this is implausible
    max_hazard_ratio: float = 20.0  # a hazard ratio above this is implausible
    count_tolerance_pct: float = 1.0  # percentage points a rate may differ from its stated "k of n"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then ``EVIDENCE_<FIELD>`` environment variables, then non-None ``overrides``."""
        try:
            return cls(**{k: v for k, v in overrides.items() if v is not None})
        except ValidationError as exc:
            err = exc.errors()[0]
            name = "EVIDENCE_" + str(err["loc"][0]).upper() if err.get("loc") else "a setting"
            raise ConfigError(f"{name}={err.get('input')!r}: {err['msg'].lower()}; fix or unset the variable") from None

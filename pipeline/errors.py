"""Small named exceptions. ``transient`` says whether trying again can help."""
from __future__ import annotations


class EvidenceError(Exception):
    """Base class for every error the pipeline raises on purpose."""

    transient = False


class ConfigError(EvidenceError):
    """A setting (an EVIDENCE_* environment variable) has a value that cannot be used."""


class InputError(EvidenceError):
    """An input file or record is unreadable or malformed."""


class FetchError(EvidenceError):
    """A remote source could not be fetched."""


class TransientFetchError(FetchError):
    """A fetch failed in a way that may succeed later (429, 5xx, timeout, connection reset)."""

    transient = True


class StoreError(EvidenceError):
    """The evidence store rejected a write or could not be reached."""


class DatabaseURLError(StoreError):
    """The database URL is malformed or names a database this pipeline has no driver for (a usage error)."""


class WorkerError(EvidenceError):
    """A child process (e.g. the parser of a big file) died or failed; what it produced before is kept."""

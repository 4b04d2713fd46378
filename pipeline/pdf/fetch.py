"""Fetch PDFs: local files and folders, and http(s) URLs through a disk cache.

The cache lives under ``<cache_dir>/pdf``: ``blobs/<sha256>.pdf`` holds each distinct payload once and
``urls/<sha256 of the URL>.json`` points a URL at its blob, so a URL fetched once is served offline
afterwards and two URLs with the same bytes share one file. Downloads go through the HTTP exchange and
the retry policy of every fetch (``pipeline.fetch.open_stream`` and ``with_retries``): only transient
failures (timeouts, connection errors, 429, 5xx) are retried, with exponential backoff; everything else
fails at once; and a download, retries included, stops at ``EVIDENCE_PDF_DOWNLOAD_DEADLINE_S`` even when
the server keeps sending a byte at a time, headers or body.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import FetchError, InputError, TransientFetchError
from pipeline.fetch import GaveUp, Terminal, check_status, iter_body, open_stream, with_retries
from pipeline.pdf.model import FetchedPdf, NotAPdfError, PdfTooLargeError
from pipeline.settings import Settings

PDF_MAGIC = b"%PDF-"
#: Content types a server may send for a PDF; anything else is refused unless the bytes say %PDF-.
PDF_CONTENT_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream",
                     "application/download", "application/force-download")
USER_AGENT = "evidence-pipeline/0.1 (+pdf fetch)"


def is_url(source: str) -> bool:
    return str(source).lower().startswith(("http://", "https://"))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_magic(data: bytes, name: str) -> None:
    """Raise NotAPdfError unless ``%PDF-`` occurs in the first 1024 bytes (the PDF spec's allowance)."""
    if PDF_MAGIC not in data[:1024]:
        head = data[:16]
        hint = "HTML page" if head.lstrip().lower().startswith((b"<!doctype html", b"<html")) else repr(head)
        raise NotAPdfError(f"{name}: not a PDF (no %PDF- header; starts with {hint})")


def expand_sources(sources: Iterable[str | os.PathLike], *, recursive: bool = True) -> list[str]:
    """Files as given, folders as their ``*.pdf`` files (sorted), URLs untouched; order kept, no duplicates."""
    out: list[str] = []
    seen: set[str] = set()
    for src in sources:
        s = str(src)
        if is_url(s):
            items = [s]
        elif os.path.isdir(s):
            pattern = "**/*" if recursive else "*"
            items = sorted(str(p) for p in Path(s).glob(pattern) if p.is_file() and p.suffix.lower() == ".pdf")
        else:
            items = [s]
        for it in items:
            if it not in seen:
                seen.add(it)
                out.append(it)
    return out


def read_pdf_file(path: str | os.PathLike, *, settings: Settings | None = None) -> FetchedPdf:
    """A local PDF as bytes + provenance. InputError if missing; PdfTooLargeError over the cap; NotAPdfError."""
    settings = settings or Settings.from_env()
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    size = p.stat().st_size
    if size > settings.pdf_max_bytes:
        raise PdfTooLargeError(f"{path}: {size} bytes is over the PDF size cap of {settings.pdf_max_bytes} bytes "
                               "(raise EVIDENCE_PDF_MAX_BYTES to read it)")
    data = p.read_bytes()
    check_magic(data, str(path))
    return FetchedPdf(data=data, source=str(path), kind="file", sha256=sha256_hex(data), size=len(data),
                      path=str(p.resolve()))


# ------------------------------------------------------------------------------------------------ cache
def _cache_root(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "pdf"


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def cached_pdf(url: str, *, settings: Settings | None = None) -> FetchedPdf | None:
    """The cached copy of ``url`` if there is one and its bytes still match their recorded hash."""
    settings = settings or Settings.from_env()
    root = _cache_root(settings)
    index = root / "urls" / f"{_url_key(url)}.json"
    if not index.exists():
        return None
    try:
        meta = json.loads(index.read_text(encoding="utf-8"))
        blob = root / "blobs" / f"{meta['sha256']}.pdf"
        data = blob.read_bytes()
    except (OSError, ValueError, KeyError):
        return None
    if sha256_hex(data) != meta["sha256"]:
        return None
    return FetchedPdf(data=data, source=url, kind="url", sha256=meta["sha256"], size=len(data), url=url,
                      final_url=meta.get("final_url"), content_type=meta.get("content_type"),
                      cache_path=str(blob), from_cache=True)


def _store(url: str, fetched: FetchedPdf, settings: Settings) -> str:
    root = _cache_root(settings)
    (root / "blobs").mkdir(parents=True, exist_ok=True)
    (root / "urls").mkdir(parents=True, exist_ok=True)
    blob = root / "blobs" / f"{fetched.sha256}.pdf"
    if not blob.exists():
        tmp = blob.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(fetched.data)
        os.replace(tmp, blob)
    meta = {"url": url, "sha256": fetched.sha256, "size": fetched.size, "final_url": fetched.final_url,
            "content_type": fetched.content_type}
    index = root / "urls" / f"{_url_key(url)}.json"
    tmp = index.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
    os.replace(tmp, index)
    return str(blob)


# ------------------------------------------------------------------------------------------------- HTTP
def _download_once(url: str, settings: Settings, deadline: float) -> FetchedPdf:
    """One download attempt, read as it arrives and stopped at ``deadline`` (``time.monotonic()``).

    Raises Retryable for what another attempt may fix (the retry policy of ``pipeline.fetch`` decides).
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "application/pdf,*/*;q=0.5"}
    with open_stream("GET", url, timeout_s=settings.pdf_timeout_s, deadline=deadline, headers=headers) as resp:
        check_status(resp)
        ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > settings.pdf_max_bytes:
            raise PdfTooLargeError(f"{url}: Content-Length {length} is over the PDF size cap of "
                                   f"{settings.pdf_max_bytes} bytes")
        chunks, total = [], 0
        for chunk in iter_body(resp, deadline):
            total += len(chunk)
            if total > settings.pdf_max_bytes:
                raise PdfTooLargeError(f"{url}: download passed the PDF size cap of {settings.pdf_max_bytes} bytes")
            chunks.append(chunk)
        final_url = str(resp.url)
    data = b"".join(chunks)
    if ctype and ctype not in PDF_CONTENT_TYPES and PDF_MAGIC not in data[:1024]:
        raise NotAPdfError(f"{url}: server sent {ctype}, not a PDF")
    check_magic(data, url)
    return FetchedPdf(data=data, source=url, kind="url", sha256=sha256_hex(data), size=len(data), url=url,
                      final_url=final_url, content_type=ctype)


def fetch_url(url: str, *, settings: Settings | None = None, refresh: bool = False) -> FetchedPdf:
    """A PDF by URL, from the disk cache when present (``refresh=True`` goes to the network anyway).

    Downloads follow the retry policy of every fetch (``pipeline.fetch.with_retries``) and stop at
    ``EVIDENCE_PDF_DOWNLOAD_DEADLINE_S``, retries included.
    """
    settings = settings or Settings.from_env()
    if not refresh:
        hit = cached_pdf(url, settings=settings)
        if hit is not None:
            return hit
    try:
        fetched = with_retries(lambda deadline: _download_once(url, settings, deadline), settings=settings,
                               deadline_s=settings.pdf_download_deadline_s, what=url)
    except Terminal as exc:
        raise FetchError(f"{url}: {exc}") from None
    except GaveUp as exc:
        hint = ""
        if exc.stopped_by == "deadline":
            hint = "; allow more time, or download the PDF yourself and ingest the file"
        elif exc.last.unreachable:
            hint = "; check the URL and the network"
        raise TransientFetchError(f"{url}: {exc.last.reason} {exc.tried('EVIDENCE_PDF_DOWNLOAD_DEADLINE_S')}{hint}"
                                  ) from None
    path = _store(url, fetched, settings)
    return FetchedPdf(**{**fetched.__dict__, "cache_path": path})


def fetch_pdf(source: str | os.PathLike, *, settings: Settings | None = None, refresh: bool = False) -> FetchedPdf:
    """One PDF from a local path or an http(s) URL: bytes + provenance."""
    s = str(source)
    if is_url(s):
        return fetch_url(s, settings=settings, refresh=refresh)
    return read_pdf_file(s, settings=settings)

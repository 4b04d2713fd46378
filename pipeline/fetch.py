"""Fetch PubMed records from NCBI E-utilities. The only module of the pipeline that touches the network.

``search`` runs esearch on the history server and, when a query has more hits than E-utilities will hand
out (``settings.esearch_max_hits``), splits it into publication-date slices so nothing is silently cut.
``iter_efetch_batches`` then fetches the records in batches and yields each batch's raw PubmedArticleSet
XML with what was asked for; ``fetch_query`` and ``fetch_pmids`` do both steps. Parsing and saving the
payloads happen elsewhere.

Requests go through httpx (``open_stream``: timeouts per phase, bodies streamed, a total deadline that even
a server sending its headers a byte at a time cannot stretch) and the parameters are built here as NCBI
asks for them (email / tool / api_key, POST for long id lists); Biopython's public ``Entrez.read`` reads
the eSearchResult. Biopython's own request functions are not used: their base URL is fixed (tests talk to
a local fake server) and they have a retry loop of their own.

Requests are paced at NCBI's limits (3/s, 10/s with an api_key) or at ``EVIDENCE_ENTREZ_REQUESTS_PER_S``,
on one clock shared by every process of the machine that uses the same cache folder (a file under
``<cache_dir>/eutils``, locked with ``flock``), so several workers fetching at once keep to the limit
together. Processes on other machines do not see it: give each a lower rate.

The retry policy (``retry_policy``, on tenacity, used by PDF downloads too) is the only retry layer of the
pipeline (Prefect tasks do not retry on top of it): 429, 5xx, timeouts, dropped connections and truncated
or non-XML bodies are retried with exponential back-off and jitter, honouring Retry-After; a server that
cannot be reached at all (connection refused, unknown host) gets one quick retry; any other 4xx is
terminal; and no request takes longer than its deadline (``EVIDENCE_EUTILS_DEADLINE_S``), retries and
back-off included.
"""
from __future__ import annotations

import calendar
import errno
import fcntl
import functools
import hashlib
import io
import logging
import os
import random
import re
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypeVar

import httpx
import tenacity
from Bio import Entrez
from lxml import etree

from pipeline.errors import FetchError, InputError, TransientFetchError
from pipeline.ids import normalise_pmids
from pipeline.settings import NCBI_EUTILS, Settings

log = logging.getLogger(__name__)

DB = "pubmed"
DATETYPE = "pdat"  # publication date, the date slices are cut on by default
DATETYPES = ("pdat", "edat", "mdat")  # publication, added to PubMed (Entrez), last modified
# PubMed's own open-ended publication-date range (what its advanced search builder writes)
EARLIEST_PDAT = date(1000, 1, 1)
LATEST_PDAT = date(3000, 12, 31)
# NCBI allows 3 requests/s, 10/s with an api_key
NCBI_REQUESTS_PER_S = 3.0
NCBI_REQUESTS_PER_S_WITH_KEY = 10.0
# requests are spaced this much wider than the rate asks: delays on the way bunch them up at the server's
# end (Biopython spaces its 3/s by 0.37 s, 11 % wider)
PACING_MARGIN = 1.1
UNREACHABLE_RETRIES = 1  # connection refused / host unknown / no route: one quick retry, then give up
CONNECT_TIMEOUT_S = 10.0  # a connection (TCP and TLS) not made by then is a timeout; the deadline cuts it too
# a server sending a byte at a time is cut off this long after its deadline: later than the read timeout
# (cut to the deadline), so a server that sends nothing at all is reported as timed out, not as too slow
WATCHDOG_GRACE_S = 1.0
EUTILS_MAX_BYTES = 1 << 30  # an answer past this is refused (efetch's largest, 10,000 records, is a few 100 MB)
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")

T = TypeVar("T")

# back-off sleeps go through here so tests can record them instead of sleeping
_sleep = time.sleep
_pace_lock = threading.Lock()  # threads of this process; the pacing file's flock covers other processes
_last_request = 0.0  # time.time() of this process's last E-utilities request


# ---------------------------------------------------------------------------------------------------------
# plain data returned to the caller


@dataclass(frozen=True)
class SearchSlice:
    """One esearch kept on the history server: a publication-date range of the query and its hit count."""

    mindate: str | None  # YYYY/MM/DD; None when the search had no date limits
    maxdate: str | None
    count: int
    webenv: str
    query_key: str
    datetype: str = DATETYPE  # the date mindate / maxdate apply to

    @property
    def dates(self) -> str:
        return _dates_label(self.datetype, self.mindate, self.maxdate)


@dataclass(frozen=True)
class SearchResult:
    """What a query found: its total hit count and the history-server slices to fetch, newest first."""

    query: str
    count: int  # hits of the whole query (within mindate..maxdate)
    webenv: str
    slices: tuple[SearchSlice, ...]
    mindate: str | None = None  # the date limits asked for (normalised), if any
    maxdate: str | None = None
    split: bool = False  # True when the query was cut into publication-date slices

    @property
    def available(self) -> int:
        """Records the slices hold: ``count``, or a little more if PubMed grew while splitting."""
        return sum(s.count for s in self.slices)


@dataclass(frozen=True)
class FetchedBatch:
    """One efetch: the raw PubmedArticleSet XML exactly as received, with what was asked for."""

    number: int  # 1-based position in this fetch
    total: int  # records the whole fetch asks for (for progress)
    requested: int  # records this batch asked for
    payload: bytes
    pmids: tuple[str, ...]  # PMIDs of the records in the payload, in order
    url: str  # efetch endpoint (parameters left out: they carry the api_key)
    fetched_at: datetime  # UTC
    query: str | None = None  # for a history fetch
    webenv: str | None = None
    query_key: str | None = None
    retstart: int | None = None
    ids: tuple[str, ...] = ()  # PMIDs asked for, for an id fetch
    slice_dates: str = ""  # the history slice's date limits (``SearchSlice.dates``)

    @property
    def records(self) -> int:
        return len(self.pmids)

    @property
    def missing(self) -> tuple[str, ...]:
        """PMIDs asked for by id that PubMed did not return (deleted or never existed)."""
        got = set(self.pmids)
        return tuple(pmid for pmid in self.ids if pmid not in got)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()

    @property
    def source_ref(self) -> str:
        """A one-line description of the request, for raw payload rows and error messages."""
        if self.ids:
            shown = ",".join(self.ids[:5]) + (f",... ({len(self.ids)} ids)" if len(self.ids) > 5 else "")
            return f"pubmed efetch id={shown}"
        return (
            f"pubmed query {self.query!r}{self.slice_dates} efetch query_key={self.query_key} "
            f"retstart={self.retstart} retmax={self.requested}"
        )


# ---------------------------------------------------------------------------------------------------------
# public functions


def search(
    query: str,
    *,
    mindate: str | date | None = None,
    maxdate: str | date | None = None,
    max_records: int | None = None,
    datetype: str = DATETYPE,
    settings: Settings | None = None,
) -> SearchResult:
    """Run ``query`` through esearch on the history server; split it by publication date when needed.

    Dates are YYYY, YYYY/MM or YYYY/MM/DD (a missing bound is open). When more hits are wanted than
    ``settings.esearch_max_hits``, the publication-date range is bisected until every slice is under the
    limit; a single day still over the limit raises FetchError instead of losing records. ``datetype``
    picks the date the limits apply to: ``pdat`` (publication) or ``edat`` (added to PubMed: what is new).
    """
    settings = settings or Settings.from_env()
    query, lo, hi = _check_search(query, mindate, maxdate, max_records, datetype)
    asked_min = _fmt(lo) if lo else None
    asked_max = _fmt(hi) if hi else None
    first = _esearch(query, asked_min, asked_max, None, settings, datetype)
    wanted = first.count if max_records is None else min(first.count, max_records)
    limit = settings.esearch_max_hits
    if wanted <= limit:
        return SearchResult(query, first.count, first.webenv, (first,), asked_min, asked_max)

    slices = _bisect(query, first, lo or EARLIEST_PDAT, hi or LATEST_PDAT, first.webenv, settings, datetype)
    found = sum(s.count for s in slices)
    if found < first.count:
        raise FetchError(
            f"query {query!r}: {first.count} hits, but its publication-date slices from "
            f"{_fmt(lo or EARLIEST_PDAT)} to {_fmt(hi or LATEST_PDAT)} hold only {found}; "
            f"records outside that range would be lost: narrow the query or give mindate/maxdate"
        )
    return SearchResult(query, first.count, first.webenv, tuple(slices), asked_min, asked_max, split=True)


def iter_efetch_batches(
    result: SearchResult,
    *,
    max_records: int | None = None,
    settings: Settings | None = None,
) -> Iterator[FetchedBatch]:
    """Fetch a search's records from the history server, ``settings.efetch_batch_size`` at a time."""
    settings = settings or Settings.from_env()
    _check_max_records(max_records)
    total = result.available if max_records is None else min(result.available, max_records)
    size = _batch_size(settings)
    left = total
    number = 0
    for slice_ in result.slices:
        take = min(slice_.count, left)
        for retstart in range(0, take, size):
            retmax = min(size, take - retstart)
            number += 1
            params = {
                "db": DB,
                "WebEnv": slice_.webenv,
                "query_key": slice_.query_key,
                "retstart": retstart,
                "retmax": retmax,
                "retmode": "xml",
            }
            what = (f"efetch batch {number} of query {result.query!r}{slice_.dates} "
                    f"retstart={retstart} retmax={retmax}")
            url, payload, pmids = _call("efetch.fcgi", params, settings, what, _check_pubmed_set)
            yield FetchedBatch(
                number=number,
                total=total,
                requested=retmax,
                payload=payload,
                pmids=pmids,
                url=url,
                fetched_at=datetime.now(timezone.utc),
                query=result.query,
                webenv=slice_.webenv,
                query_key=slice_.query_key,
                retstart=retstart,
                slice_dates=slice_.dates,
            )
        left -= take
        if left <= 0:
            break


def fetch_query(
    query: str,
    *,
    mindate: str | date | None = None,
    maxdate: str | date | None = None,
    max_records: int | None = None,
    datetype: str = DATETYPE,
    settings: Settings | None = None,
) -> Iterator[FetchedBatch]:
    """Search, then yield the records in efetch batches. Inputs are checked now, the network used lazily."""
    settings = settings or Settings.from_env()
    query = _check_search(query, mindate, maxdate, max_records, datetype)[0]

    def batches() -> Iterator[FetchedBatch]:
        result = search(query, mindate=mindate, maxdate=maxdate, max_records=max_records, datetype=datetype,
                        settings=settings)
        yield from iter_efetch_batches(result, max_records=max_records, settings=settings)

    return batches()


def fetch_pmids(pmids: Iterable[str | int], *, settings: Settings | None = None) -> Iterator[FetchedBatch]:
    """Yield the records of ``pmids`` (duplicates dropped, order kept) in efetch batches by id."""
    settings = settings or Settings.from_env()
    ids = normalise_pmids(pmids)
    size = _batch_size(settings)

    def batches() -> Iterator[FetchedBatch]:
        for number, start in enumerate(range(0, len(ids), size), start=1):
            chunk = ids[start : start + size]
            what = f"efetch batch {number} of {len(chunk)} PMIDs starting {chunk[0]}"
            params = {"db": DB, "id": list(chunk), "retmode": "xml"}
            url, payload, got = _call("efetch.fcgi", params, settings, what, _check_pubmed_set)
            yield FetchedBatch(
                number=number,
                total=len(ids),
                requested=len(chunk),
                payload=payload,
                pmids=got,
                url=url,
                fetched_at=datetime.now(timezone.utc),
                ids=chunk,
            )

    return batches()


# ---------------------------------------------------------------------------------------------------------
# esearch and date slicing


def _esearch(
    query: str, mindate: str | None, maxdate: str | None, webenv: str | None, settings: Settings, datetype: str
) -> SearchSlice:
    params: dict[str, object] = {"db": DB, "term": query, "usehistory": "y", "retmax": 0}
    if webenv:
        params["WebEnv"] = webenv
    if mindate or maxdate:
        params.update(datetype=datetype, mindate=mindate, maxdate=maxdate)
    dates = _dates_label(datetype, mindate, maxdate)
    _, _, record = _call("esearch.fcgi", params, settings, f"esearch for query {query!r}{dates}", _read_esearch)
    try:
        return SearchSlice(mindate, maxdate, int(record["Count"]), str(record["WebEnv"]), str(record["QueryKey"]),
                           datetype)
    except (KeyError, ValueError) as exc:
        raise FetchError(f"esearch for query {query!r}{dates} answered without {exc}; is the base URL E-utilities?")


def _bisect(
    query: str, known: SearchSlice, lo: date, hi: date, webenv: str, settings: Settings, datetype: str
) -> list[SearchSlice]:
    """Slices of [lo, hi] each within the hit limit, newest first; ``known`` is the search of [lo, hi]."""
    if known.count == 0:
        return []
    if known.count <= settings.esearch_max_hits:
        return [known]
    if lo >= hi:
        raise FetchError(
            f"query {query!r} has {known.count} records published on {_fmt(lo)}, more than E-utilities "
            f"returns for one search ({settings.esearch_max_hits}); narrow the query (e.g. by subject)"
        )
    mid = lo + timedelta(days=(hi - lo).days // 2)
    newer = _esearch(query, _fmt(mid + timedelta(days=1)), _fmt(hi), webenv, settings, datetype)
    older = _esearch(query, _fmt(lo), _fmt(mid), webenv, settings, datetype)
    log.info("split %r: %s..%s has %d, %s..%s has %d", query, mid + timedelta(days=1), hi, newer.count,
             lo, mid, older.count)
    return (_bisect(query, newer, mid + timedelta(days=1), hi, webenv, settings, datetype)
            + _bisect(query, older, lo, mid, webenv, settings, datetype))


def _read_esearch(body: bytes):
    try:
        return Entrez.read(io.BytesIO(body))
    except RuntimeError as exc:  # Bio.Entrez raises the <ERROR> of an eSearchResult as RuntimeError
        raise Terminal(f"E-utilities error: {_one_line(str(exc))}") from None
    except ValueError as exc:  # NotXMLError, CorruptedXMLError, ValidationError: cut short or not esearch
        raise Retryable(f"unreadable eSearchResult ({_one_line(str(exc))})") from None


def _check_query(query: str) -> str:
    if query is None or not str(query).strip():
        raise InputError("the PubMed query is empty: give a search term")
    return " ".join(str(query).split())


def _dates_label(datetype: str, mindate: str | None, maxdate: str | None) -> str:
    """`` pdat 2019/01/01-2019/12/31`` for messages and payload refs; nothing for a search without dates."""
    return f" {datetype} {mindate}-{maxdate}" if mindate or maxdate else ""


def _check_search(query, mindate, maxdate, max_records, datetype) -> tuple[str, date | None, date | None]:
    """A search's inputs checked before any request: the query tidied, and its date bounds."""
    query = _check_query(query)
    lo, hi = _date_bounds(mindate, maxdate)
    _check_max_records(max_records)
    if datetype not in DATETYPES:
        raise InputError(f"datetype {datetype!r}: use one of {', '.join(DATETYPES)}")
    return query, lo, hi


def _check_max_records(max_records: int | None) -> None:
    if max_records is not None and max_records < 0:
        raise InputError(f"max_records must be 0 or more, not {max_records}")


def _batch_size(settings: Settings) -> int:
    if settings.efetch_batch_size < 1:
        raise InputError(f"efetch_batch_size must be at least 1, not {settings.efetch_batch_size}")
    return settings.efetch_batch_size


_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?$")


def _parse_date(value: str | date | None, name: str, *, end: bool) -> date | None:
    """YYYY, YYYY/MM or YYYY/MM/DD; a partial date is the start (or, for ``end``, the end) of its period."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), match[2], match[3]
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            month = int(month)
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, int(month), int(day))
    except ValueError:
        raise InputError(f"{name} {value!r} is not a date: use YYYY, YYYY/MM or YYYY/MM/DD") from None


def _date_bounds(mindate, maxdate) -> tuple[date | None, date | None]:
    lo = _parse_date(mindate, "mindate", end=False)
    hi = _parse_date(maxdate, "maxdate", end=True)
    if lo and hi and lo > hi:
        raise InputError(f"mindate {mindate!r} is after maxdate {maxdate!r}")
    if lo or hi:  # E-utilities needs both bounds
        return lo or EARLIEST_PDAT, hi or LATEST_PDAT
    return None, None


def _fmt(day: date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


# ---------------------------------------------------------------------------------------------------------
# efetch payload check


def _check_pubmed_set(body: bytes) -> tuple[str, ...]:
    """The PMIDs of a complete PubmedArticleSet; a cut-short or foreign body is worth another try.

    Streamed (iterparse and clear), so a large batch is checked in bounded memory.
    """
    tail = body.rstrip()[-40:]
    if not (tail.endswith(b"</PubmedArticleSet>") or tail.endswith(b"<PubmedArticleSet/>")):
        shown = tail.decode("utf-8", "replace") if tail else "an empty body"
        raise Retryable(f"truncated or not a PubmedArticleSet (ends with {_one_line(shown)!r})")
    pmids = []
    records = etree.iterparse(io.BytesIO(body), events=("end",), tag=RECORD_TAGS, resolve_entities=False,
                              no_network=True, load_dtd=False, huge_tree=True)
    try:
        for _, record in records:
            path = "MedlineCitation/PMID" if record.tag == "PubmedArticle" else "BookDocument/PMID"
            pmids.append((record.findtext(path) or "").strip())
            record.clear()
            while record.getprevious() is not None:
                del record.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise Retryable(f"malformed PubmedArticleSet XML ({_one_line(str(exc))})") from None
    if records.root is None or records.root.tag != "PubmedArticleSet":
        found = "nothing" if records.root is None else f"<{records.root.tag}>"
        raise Retryable(f"expected a PubmedArticleSet, got {found}")
    return tuple(pmids)


# ---------------------------------------------------------------------------------------------------------
# the retry policy of every fetch (tenacity): E-utilities calls here, PDF downloads in pipeline/pdf/fetch.py


class Retryable(Exception):
    """An attempt failed in a way another attempt may fix. ``unreachable``: no connection was made at all
    (refused, host name not resolved, no route), which one quick retry settles; a long back-off does not."""

    def __init__(self, reason: str, retry_after: float | None = None, *, unreachable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.unreachable = unreachable


class GaveUp(Exception):
    """The retry policy stopped: the last failure, how many attempts were made, and what stopped it."""

    def __init__(self, last: Retryable, attempts: int, stopped_by: str, deadline_s: float):
        super().__init__(last.reason)
        self.last = last
        self.attempts = attempts
        self.stopped_by = stopped_by  # "attempts", "deadline" or "retry_after"
        self.deadline_s = deadline_s

    def tried(self, deadline_setting: str) -> str:
        """How it ended, for the one-line error: ``after 2 attempts``, plus the deadline and its setting."""
        if self.stopped_by == "retry_after":
            return f"and the server asks to wait {self.last.retry_after:.0f} s"
        tried = f"after {self.attempts} attempt{'s' if self.attempts > 1 else ''}"
        if self.stopped_by == "deadline":
            tried += f", stopped by the {self.deadline_s:g} s deadline ({deadline_setting})"
        return tried


class Terminal(Exception):
    """An attempt failed in a way no retry fixes."""


def retry_policy(settings: Settings, deadline_s: float, what: str) -> tenacity.Retrying:
    """The one retry policy of every fetch, as a tenacity ``Retrying``.

    A ``Retryable`` failure is tried again after ``backoff_delay`` (exponential with jitter, and never
    sooner than the server's Retry-After), up to ``settings.max_retries`` times; an unreachable server
    only ``UNREACHABLE_RETRIES`` times; and never when the wait would end ``deadline_s`` seconds or more
    after the first attempt began (so a Retry-After is honoured up to the deadline, not past it). Any
    other exception passes through at once. When the policy stops, it raises GaveUp.
    """
    allowed = max(settings.max_retries, 0) + 1

    def attempts_for(failure: Retryable) -> int:
        return min(allowed, UNREACHABLE_RETRIES + 1) if failure.unreachable else allowed

    def wait(state: tenacity.RetryCallState) -> float:
        return backoff_delay(state.attempt_number, settings.backoff_base_s, state.outcome.exception().retry_after)

    def out_of_attempts(state: tenacity.RetryCallState) -> bool:
        return state.attempt_number >= attempts_for(state.outcome.exception())

    def log_retry(state: tenacity.RetryCallState) -> None:
        failure = state.outcome.exception()
        log.warning("%s: %s; retry %d of %d in %.2f s", what, failure.reason, state.attempt_number,
                    attempts_for(failure) - 1, state.upcoming_sleep)

    def give_up(state: tenacity.RetryCallState):
        failure = state.outcome.exception()
        if out_of_attempts(state):
            stopped_by = "attempts"
        elif failure.retry_after is not None and state.seconds_since_start + failure.retry_after >= deadline_s:
            stopped_by = "retry_after"
        else:
            stopped_by = "deadline"
        raise GaveUp(failure, state.attempt_number, stopped_by, deadline_s)

    return tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(Retryable),
        wait=wait,
        stop=tenacity.stop_any(out_of_attempts, tenacity.stop_before_delay(deadline_s)),
        sleep=lambda seconds: _sleep(seconds),  # looked up when called, so tests can record the waits
        before_sleep=log_retry,
        retry_error_callback=give_up,
    )


def with_retries(attempt: Callable[[float], T], *, settings: Settings, deadline_s: float, what: str) -> T:
    """``attempt(deadline)`` under the retry policy (``retry_policy``), until it succeeds or the policy
    stops (GaveUp). ``deadline`` is a ``time.monotonic()`` time ``deadline_s`` seconds from now, passed to
    the attempt so its HTTP exchange stops there (``open_stream``)."""
    deadline = time.monotonic() + deadline_s
    return retry_policy(settings, deadline_s, what)(attempt, deadline)


def backoff_delay(attempt: int, base_s: float, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): base * 2**(attempt-1), jittered to
    50-100 %, and never less than the server's Retry-After."""
    delay = base_s * (2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


# ---------------------------------------------------------------------------------------------------------
# one HTTP exchange (httpx) that ends by its deadline whatever the server does; PDF downloads use it too


@contextmanager
def open_stream(method: str, url: str, *, timeout_s: float, deadline: float,
                before_send: Callable[[], None] | None = None, **request) -> Iterator[httpx.Response]:
    """An HTTP response whose body is still to be read (``iter_body``), over by ``deadline``.

    Every phase has its timeout (connect: ``CONNECT_TIMEOUT_S``; write and each read: ``timeout_s``), cut
    to the time left. A server that sends a byte at a time never lets a read time out, in its headers
    as in its body, so a watchdog shuts the connection down ``WATCHDOG_GRACE_S`` after the deadline.
    Redirects are followed; ``before_send()`` runs just before the request goes out (pacing), and
    ``request`` goes to httpx (params, data, headers). A failed exchange raises Retryable, or Terminal
    when no retry helps (an invalid URL, too many redirects).
    """
    left = time_left(timeout_s, deadline)
    watchdog = _Watchdog(deadline + WATCHDOG_GRACE_S)
    hooks = {"request": [lambda _request: before_send()]} if before_send else {}
    try:
        # a client per exchange, so the watchdog sees the connection it must end (no pooled connection)
        with httpx.Client(timeout=httpx.Timeout(left, connect=min(CONNECT_TIMEOUT_S, left)), follow_redirects=True,
                          verify=_tls_context(), event_hooks=hooks) as client, \
                client.stream(method, url, extensions={"trace": watchdog.trace}, **request) as response:
            yield response
    except httpx.InvalidURL as exc:
        raise Terminal(f"invalid URL ({exc})") from None
    except httpx.ConnectTimeout:
        raise Retryable("timed out connecting") from None
    except httpx.TimeoutException:
        raise Retryable(f"timed out (no answer within {round(left, 1):g} s)") from None
    except httpx.ConnectError as exc:
        raise _connect_failure(exc) from None
    except (httpx.TooManyRedirects, httpx.UnsupportedProtocol) as exc:
        raise Terminal(_one_line(str(exc))) from None
    except httpx.RequestError as exc:  # a dropped connection, a body cut short of its Content-Length ...
        if watchdog.fired:
            raise Retryable("too slow (no complete answer when time ran out)") from None
        name = type(exc).__name__
        raise Retryable(f"{name} ({_one_line(str(exc))})" if str(exc) else name) from None
    finally:
        watchdog.cancel()


def iter_body(response: httpx.Response, deadline: float) -> Iterator[bytes]:
    """A response body in pieces as they arrive (decompressed), so a server sending a byte at a time
    still meets the deadline check: Retryable when the deadline passes first. A body cut short of its
    Content-Length fails in httpx (``open_stream`` makes it Retryable)."""
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if time.monotonic() > deadline:
            raise Retryable(f"too slow ({received} bytes received when time ran out)")
        yield chunk


def check_status(response: httpx.Response, detail: str = "", hint: str = "") -> None:
    """Nothing for a 2xx answer. Retryable for 429 and 5xx (with the server's Retry-After); Terminal
    for any other status: ``HTTP 404 Not Found: <detail>; <hint>``."""
    if response.is_success:
        return
    reason = f"HTTP {response.status_code} {response.reason_phrase}" + (f": {detail}" if detail else "")
    if response.status_code == 429 or response.status_code >= 500:
        raise Retryable(reason, _retry_after(response.headers.get("Retry-After")))
    raise Terminal(reason + (f"; {hint}" if hint else ""))


def time_left(timeout_s: float, deadline: float) -> float:
    """A socket timeout: ``timeout_s``, cut to what is left before ``deadline`` (never 0, which would
    mean non-blocking)."""
    return max(min(timeout_s, deadline - time.monotonic()), 0.01)


class _Watchdog:
    """Shuts down the connections of one exchange at ``at`` (a ``time.monotonic()`` time), which ends a
    read waiting on them at once. Armed through httpx's ``trace`` extension as each connection is made."""

    def __init__(self, at: float):
        self.at = at
        self.fired = False
        self._timers: list[threading.Timer] = []

    def trace(self, event: str, info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            sock = info["return_value"].get_extra_info("socket")
            timer = threading.Timer(max(self.at - time.monotonic(), 0.0), self._fire, (sock,))
            timer.daemon = True
            timer.start()
            self._timers.append(timer)

    def _fire(self, sock: socket.socket) -> None:
        self.fired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # closed already: the exchange ended
            pass

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's TLS settings (its CA bundle), built once: each exchange has its own client."""
    return httpx.create_ssl_context()


def _connect_failure(exc: httpx.ConnectError) -> Retryable:
    """A failure to connect, sorted by the socket error under it: an unreachable server (refused, host
    unknown, no route, or no socket error at all), or another (TLS ...)."""
    cause = exc.__cause__
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__
    unreachable = (cause is None or isinstance(cause, (ConnectionRefusedError, socket.gaierror))
                   or cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH))
    return Retryable(f"cannot connect ({_one_line(str(exc))})", unreachable=unreachable)


# ---------------------------------------------------------------------------------------------------------
# one E-utilities call, with pacing


def _call(
    endpoint: str, params: dict, settings: Settings, what: str, check: Callable[[bytes], T]
) -> tuple[str, bytes, T]:
    """GET/POST ``endpoint`` with ``params``, retried per the policy; returns (url, body, check(body))."""
    base = (settings.eutils_base_url or "").strip()
    if not base.lower().startswith(("http://", "https://")):
        raise FetchError(f"{what}: the E-utilities base URL {base!r} is not an http(s) URL; "
                         f"set EVIDENCE_EUTILS_BASE_URL (default {NCBI_EUTILS})")
    url = base.rstrip("/") + "/" + endpoint
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as exc:
        raise FetchError(f"{what}: invalid URL {url!r} ({exc}); check the E-utilities base URL "
                         f"(EVIDENCE_EUTILS_BASE_URL)") from None
    method, query = _eutils_params(params, settings)

    def attempt(deadline: float) -> tuple[bytes, T]:
        body = _send(method, url, query, settings, deadline, before_send=lambda: _pace(host, settings))
        return body, check(body)

    try:
        body, checked = with_retries(attempt, settings=settings, deadline_s=settings.eutils_deadline_s, what=what)
    except Terminal as exc:
        raise FetchError(_one_line(f"{what} failed: {exc} ({url})")) from None
    except GaveUp as exc:
        raise TransientFetchError(_one_line(
            f"{what} failed: {exc.last.reason} at {url} {exc.tried('EVIDENCE_EUTILS_DEADLINE_S')}; "
            f"{_next_step(exc.last)}"
        )) from None
    return url, body, checked


def _eutils_params(params: dict, settings: Settings) -> tuple[str, dict[str, str]]:
    """The request's method and parameters, as NCBI asks for them: tool, email and api_key added (None
    values dropped; no email warns, as Biopython does), an id list comma-joined, and POST when the
    parameters would make a URL over 1000 characters or name 200 ids or more (NCBI's advice)."""
    given = {**params, "tool": settings.entrez_tool, "email": settings.entrez_email,
             "api_key": settings.entrez_api_key}
    query = {key: ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
             for key, value in given.items() if value is not None}
    if "email" not in query:
        warnings.warn("Email address is not specified: NCBI asks for one with every E-utilities request "
                      "(set EVIDENCE_ENTREZ_EMAIL)", UserWarning, stacklevel=3)
    ids = query["id"].count(",") + 1 if "id" in query else 0
    post = len(str(httpx.QueryParams(query))) > 1000 or ids >= 200
    return ("POST" if post else "GET"), query


def _pace(host: str, settings: Settings) -> None:
    """Keep to the request rate across every process of this machine: wait until ``interval`` after the
    last request any of them made to this host, then note this one (in this process too, for when the
    shared file cannot be used)."""
    global _last_request
    interval = PACING_MARGIN / pacing_rate(settings)
    with _pace_lock, _shared_clock(settings, host) as clock:
        last = max(clock.read(), _last_request)
        wait = min(last + interval - time.time(), interval)  # a clock set back never stalls us longer
        if wait > 0:
            time.sleep(wait)
        _last_request = time.time()
        clock.write(_last_request)


def pacing_rate(settings: Settings) -> float:
    """Requests per second: the setting, else NCBI's limit (with or without an api_key)."""
    if settings.entrez_requests_per_s > 0:
        return settings.entrez_requests_per_s
    return NCBI_REQUESTS_PER_S_WITH_KEY if settings.entrez_api_key else NCBI_REQUESTS_PER_S

class _Clock:
    """The time of the last request, kept in a file that is locked while read and written (or, when no
    file can be had, in this process only)."""

    def __init__(self, fd: int | None):
        self.fd = fd

    def read(self) -> float:
        if self.fd is None:
            return 0.0
        try:
            return float(os.pread(self.fd, 64, 0) or 0)
        except ValueError:  # an empty or foreign file: no request known
            return 0.0

    def write(self, when: float) -> None:
        if self.fd is not None:
            text = f"{when:.6f}".encode()
            os.pwrite(self.fd, text, 0)
            os.ftruncate(self.fd, len(text))


@contextmanager
def _shared_clock(settings: Settings, host: str) -> Iterator[_Clock]:
    """The pacing clock of ``host`` shared by every process of this machine that uses the same cache
    folder: ``<cache_dir>/eutils/pace-<host>``, held under an exclusive ``flock`` while in use."""
    path = Path(settings.cache_dir) / "eutils" / ("pace-" + re.sub(r"[^\w.-]", "_", host.split(":")[0]))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        _warn_unshared(path, exc.strerror or str(exc))
        yield _Clock(None)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield _Clock(fd)
    finally:
        os.close(fd)  # releases the lock


@functools.cache
def _warn_unshared(path: Path, why: str) -> None:
    """Once per file: it cannot be used, so pacing falls back to this process's own clock."""
    log.warning("cannot use the pacing file %s (%s): E-utilities requests are paced in this process only; "
                "set EVIDENCE_CACHE_DIR to a writable folder", path, why)


def _send(method: str, url: str, query: dict[str, str], settings: Settings, deadline: float,
          before_send: Callable[[], None]) -> bytes:
    """One E-utilities exchange, over by ``deadline``: the body, or Retryable / Terminal."""
    where = {"params": query} if method == "GET" else {"data": query}
    with open_stream(method, url, timeout_s=settings.http_timeout_s, deadline=deadline, before_send=before_send,
                     **where) as response:
        if not response.is_success:
            check_status(response, _error_detail(response), _hint_for(response.status_code))
        body = bytearray()
        for chunk in iter_body(response, deadline):
            body += chunk
            if len(body) > EUTILS_MAX_BYTES:
                raise Terminal(f"answer over {EUTILS_MAX_BYTES} bytes; fetch smaller batches "
                               f"(EVIDENCE_EFETCH_BATCH_SIZE)")
        return bytes(body)


def _error_detail(response: httpx.Response) -> str:
    """NCBI's own message from an error body (JSON ``"error"`` or XML ``<ERROR>``), shortened."""
    body = b""
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) >= 4096:
                break
    except httpx.HTTPError:  # the body is only a hint
        return ""
    text = body[:4096].decode("utf-8", "replace")
    match = re.search(r'"error"\s*:\s*"([^"]*)"|<ERROR>(.*?)</ERROR>', text, re.S)
    if match:
        text = match[1] or match[2] or ""
    else:
        text = re.sub(r"<[^>]+>", " ", text)
    return _one_line(text)[:200]


def _hint_for(status: int) -> str:
    if status == 404:
        return "check the E-utilities base URL (EVIDENCE_EUTILS_BASE_URL)"
    if status in (401, 403):
        return "check the NCBI api_key (EVIDENCE_ENTREZ_API_KEY) and email"
    return "check the query and parameters; retrying will not help"


def _next_step(failure: Retryable) -> str:
    if failure.reason.startswith("cannot connect"):
        return "check the network and the E-utilities base URL (EVIDENCE_EUTILS_BASE_URL)"
    if failure.reason.startswith("timed out"):
        return ("the server does not answer: check the network and the E-utilities base URL "
                "(EVIDENCE_EUTILS_BASE_URL), or allow more time (EVIDENCE_HTTP_TIMEOUT_S)")
    if failure.reason.startswith("HTTP 429"):
        return "NCBI is rate-limiting: set an api_key (EVIDENCE_ENTREZ_API_KEY) or try again later"
    return "try again later"


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())

"""The network edge under attack: a silent server, a closed port, a PDF sent a byte at a time, and several
processes fetching from E-utilities at once. Local servers only; no test measures its own speed."""
from __future__ import annotations

import multiprocessing
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fpdf import FPDF

from pipeline import fetch
from pipeline.errors import TransientFetchError
from pipeline.pdf import fetch_pdf
from pipeline.settings import Settings
from tests.conftest import cli, closed_port, silent_server
from tests.eutils_fake import drip


def _eutils_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/entrez/eutils/"


# --- a silent or unreachable E-utilities server ------------------------------------------------------------


def _half_second_deadline(base_url: str, tmp_path) -> Settings:
    """Settings for a request that may take 0.5 s in all, against a read timeout of 30 s and quick back-off."""
    return Settings(eutils_base_url=base_url, entrez_email="t@example.org", entrez_requests_per_s=1000,
                    http_timeout_s=30, max_retries=5, backoff_base_s=0.001, eutils_deadline_s=0.5,
                    cache_dir=str(tmp_path))


def test_a_silent_server_is_given_up_at_the_request_deadline(tmp_path):
    with silent_server() as (port, accepted):
        base_url = _eutils_url(port)
        settings = _half_second_deadline(base_url, tmp_path)
        with pytest.raises(TransientFetchError) as raised:
            fetch.search("neuroendocrine", settings=settings)
        attempts = len(accepted)

    message = str(raised.value)
    assert attempts == 1  # the socket timeout was cut to the deadline: no second try fits
    assert "\n" not in message
    assert message.startswith(f"esearch for query 'neuroendocrine' failed: timed out (no answer within 0.5 s) at "
                              f"{base_url}esearch.fcgi after 1 attempt, stopped by the 0.5 s deadline "
                              f"(EVIDENCE_EUTILS_DEADLINE_S)")
    assert "EVIDENCE_EUTILS_BASE_URL" in message and "EVIDENCE_HTTP_TIMEOUT_S" in message


def test_an_answer_sent_a_byte_at_a_time_is_given_up_at_the_request_deadline(eutils_server, tmp_path):
    eutils_server.inject("efetch", "drip", delay_s=0.05)
    settings = _half_second_deadline(eutils_server.base_url, tmp_path)

    with pytest.raises(TransientFetchError) as raised:
        list(fetch.fetch_pmids(eutils_server.pmids[:1], settings=settings))

    message = str(raised.value)
    assert len(eutils_server.requests_to("efetch")) == 1
    assert message.startswith(f"efetch batch 1 of 1 PMIDs starting {eutils_server.pmids[0]} failed: too slow (")
    assert "after 1 attempt, stopped by the 0.5 s deadline (EVIDENCE_EUTILS_DEADLINE_S)" in message


def test_headers_sent_a_byte_at_a_time_are_given_up_at_the_request_deadline(eutils_server, tmp_path):
    # about 80 header bytes at 0.05 s each: the answer would be complete after some 4 s, were it waited for
    eutils_server.inject("efetch", "drip-headers", delay_s=0.05)
    settings = _half_second_deadline(eutils_server.base_url, tmp_path)

    with pytest.raises(TransientFetchError) as raised:
        list(fetch.fetch_pmids(eutils_server.pmids[:1], settings=settings))

    message = str(raised.value)
    (request,) = eutils_server.wait_for_requests("efetch", 1)
    assert (request.fault, request.status) == ("drip-headers", None)  # hung up before the headers were complete
    assert message.startswith(f"efetch batch 1 of 1 PMIDs starting {eutils_server.pmids[0]} failed: too slow (")
    assert "after 1 attempt, stopped by the 0.5 s deadline (EVIDENCE_EUTILS_DEADLINE_S)" in message


def test_ingest_pubmed_against_a_silent_server_fails_with_one_line(sqlite_url, tmp_path):
    with silent_server() as (port, accepted):
        base_url = _eutils_url(port)
        env = {"EVIDENCE_EUTILS_BASE_URL": base_url, "EVIDENCE_ENTREZ_EMAIL": "t@example.org",
               "EVIDENCE_EUTILS_DEADLINE_S": "0.5", "EVIDENCE_CACHE_DIR": str(tmp_path)}
        result = cli(sqlite_url, "ingest", "pubmed", "--pmids", "30275226", env=env)
        attempts = len(accepted)

    assert result.exit_code == 1 and attempts == 1
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert f"{base_url}efetch.fcgi after 1 attempt" in line and "EVIDENCE_EUTILS_DEADLINE_S" in line


def test_ingest_pubmed_with_nothing_listening_tries_twice_not_six_times(sqlite_url, tmp_path):
    base_url = _eutils_url(closed_port())
    env = {"EVIDENCE_EUTILS_BASE_URL": base_url, "EVIDENCE_ENTREZ_EMAIL": "t@example.org",
           "EVIDENCE_MAX_RETRIES": "5", "EVIDENCE_BACKOFF_BASE_S": "0.001", "EVIDENCE_CACHE_DIR": str(tmp_path)}

    result = cli(sqlite_url, "ingest", "pubmed", "--query", "neuroendocrine", env=env)

    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "cannot connect" in line and f"{base_url}esearch.fcgi after 2 attempts;" in line
    assert "check the network and the E-utilities base URL (EVIDENCE_EUTILS_BASE_URL)" in line


def test_a_pdf_url_with_nothing_listening_fails_fast_too(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/paper.pdf"
    settings = Settings(max_retries=5, backoff_base_s=0.001, cache_dir=str(tmp_path))

    with pytest.raises(TransientFetchError) as raised:
        fetch_pdf(url, settings=settings)

    assert str(raised.value).startswith(f"{url}: cannot connect (")
    assert str(raised.value).endswith("after 2 attempts; check the URL and the network")


# --- a PDF sent a byte at a time ---------------------------------------------------------------------------


_PDF_BODY = b"%PDF-1.4\n" + b"%" * 9991  # 10 kB, as the Content-Length promises


class _DripHandler(BaseHTTPRequestHandler):
    """Promises a 10 kB PDF and sends one byte every 0.2 s (for at most 60 s); at /slow-head.pdf, sends its
    status line and headers that way, then the whole PDF at once."""

    requests = 0
    header_drips: list[bool] = []  # per /slow-head.pdf request: were the headers all sent?
    header_drip_done = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests += 1
        if self.path == "/slow-head.pdf":
            self._drip_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "10000")
        self.end_headers()
        drip(self.wfile, _PDF_BODY[:300], 0.2)  # until the client gives up: what the test wants

    def _drip_headers(self):
        self.close_connection = True
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 10000\r\n\r\n"
        sent = drip(self.wfile, head, 0.2, then=_PDF_BODY)  # the client gives up midway: what the test wants
        type(self).header_drips.append(sent == len(head))
        type(self).header_drip_done.set()


@pytest.fixture
def drip_url():
    _DripHandler.requests = 0
    _DripHandler.header_drips = []
    _DripHandler.header_drip_done = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _DripHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/slow-drip.pdf"
    httpd.shutdown()
    httpd.server_close()


def test_a_slow_drip_pdf_stops_at_the_download_deadline_and_the_batch_goes_on(db_url, drip_url, tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "A short report read after the slow download gave up")
    good = tmp_path / "good.pdf"
    good.write_bytes(bytes(pdf.output()))
    env = {"EVIDENCE_PDF_DOWNLOAD_DEADLINE_S": "1", "EVIDENCE_PDF_TIMEOUT_S": "30", "EVIDENCE_MAX_RETRIES": "3",
           "EVIDENCE_CACHE_DIR": str(tmp_path / "cache")}

    result = cli(db_url, "ingest", "pdf", drip_url, str(good), env=env)

    assert result.exit_code == 3, result.output
    assert "new 1" in result.output and "failed 1" in result.output
    (line,) = [line for line in result.output.splitlines() if "failed:" in line]
    assert line.strip().startswith(f"failed: {drip_url}: too slow (")
    assert line.endswith("after 1 attempt, stopped by the 1 s deadline (EVIDENCE_PDF_DOWNLOAD_DEADLINE_S); "
                         "allow more time, or download the PDF yourself and ingest the file")
    assert _DripHandler.requests == 1  # a download past its deadline is not tried again
    assert drip_url in cli(db_url, "runs", "1").output  # recorded with the run


def test_a_pdf_server_sending_its_headers_a_byte_at_a_time_stops_at_the_download_deadline(drip_url, tmp_path):
    url = drip_url.replace("/slow-drip.pdf", "/slow-head.pdf")  # ~70 header bytes, one every 0.2 s: 14 s
    settings = Settings(pdf_download_deadline_s=1, pdf_timeout_s=30, max_retries=3, cache_dir=str(tmp_path))

    with pytest.raises(TransientFetchError) as raised:
        fetch_pdf(url, settings=settings)

    assert str(raised.value).startswith(f"{url}: too slow (")
    assert "after 1 attempt, stopped by the 1 s deadline (EVIDENCE_PDF_DOWNLOAD_DEADLINE_S)" in str(raised.value)
    assert _DripHandler.header_drip_done.wait(timeout=60)
    assert _DripHandler.requests == 1 and _DripHandler.header_drips == [False]  # hung up within the headers


# --- pacing shared by every process ------------------------------------------------------------------------


def _fetch_in_child(environ: dict[str, str], pmids: list[str], start: multiprocessing.Barrier) -> None:
    """A separate process fetching ``pmids`` one per request once both processes are ready."""
    os.environ.update(environ)
    start.wait(timeout=120)
    batches = list(fetch.fetch_pmids(pmids))
    if [p for b in batches for p in b.pmids] != pmids:
        raise SystemExit(f"fetched {[b.pmids for b in batches]}, wanted {pmids}")


def test_two_processes_keep_to_one_request_rate_together(eutils_server, tmp_path):
    limit = 5  # requests per second
    environ = eutils_server.environ(entrez_requests_per_s=limit, efetch_batch_size=1, cache_dir=tmp_path)
    pmids = eutils_server.pmids[:24]
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    workers = [spawn.Process(target=_fetch_in_child, args=(environ, part, start))
               for part in (pmids[:12], pmids[12:])]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)

    assert [w.exitcode for w in workers] == [0, 0]
    fetches = eutils_server.requests_to("efetch")
    assert sorted(r.ids[0] for r in fetches) == sorted(pmids)
    first_half = [r.at for r in fetches if r.ids[0] in pmids[:12]]
    second_half = [r.at for r in fetches if r.ids[0] in pmids[12:]]
    assert max(first_half) > min(second_half) and max(second_half) > min(first_half)  # they ran at once
    times = sorted(r.at for r in fetches)
    busiest = max(sum(t <= other < t + 1.0 for other in times) for t in times)
    assert busiest <= limit, [round(t - times[0], 3) for t in times]

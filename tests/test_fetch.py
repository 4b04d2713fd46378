"""pipeline.fetch against the local fake E-utilities server (tests/eutils_fake.py): no network, no real back-off."""
from __future__ import annotations

import re
import socket
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from eutils_fake import EutilsServer
from pipeline import fetch
from pipeline.errors import FetchError, InputError, TransientFetchError
from pipeline.settings import Settings

MAX_RETRIES = 3


def settings_for(server: EutilsServer | str, **overrides) -> Settings:
    base = server if isinstance(server, str) else server.base_url
    values = dict(
        eutils_base_url=base,
        entrez_email="curator@example.org",
        entrez_tool="evidence-tests",
        efetch_batch_size=10,
        max_retries=MAX_RETRIES,
        backoff_base_s=0.001,
        http_timeout_s=5.0,
        entrez_requests_per_s=1000.0,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def sleeps(monkeypatch):
    """Back-off waits, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(fetch, "_sleep", recorded.append)
    return recorded


def pmids_of(batches) -> list[str]:
    return [pmid for batch in batches for pmid in batch.pmids]


# --- the acceptance case ---------------------------------------------------------------------------


def test_query_across_batches_survives_a_429_and_a_500(eutils_server, sleeps):
    eutils_server.inject("efetch", 429, after=1, retry_after=0)  # 2nd efetch (batch 2)
    eutils_server.inject("efetch", 500, after=3)  # 4th efetch (batch 3, after batch 2's retry)

    batches = list(fetch.fetch_query("all", settings=settings_for(eutils_server)))

    assert len(batches) == 6  # 57 records, 10 a batch
    assert sorted(pmids_of(batches)) == sorted(eutils_server.pmids)
    assert len(set(pmids_of(batches))) == len(eutils_server.pmids) == 57
    efetches = eutils_server.requests_to("efetch")
    assert [(r.params["retstart"], r.status) for r in efetches[:5]] == [
        ("0", 200), ("10", 429), ("10", 200), ("20", 500), ("20", 200)]
    assert len(sleeps) == 2
    for batch in batches:
        assert batch.payload.startswith(b"<?xml") and batch.payload.rstrip().endswith(b"</PubmedArticleSet>")
        assert batch.records == batch.requested


def test_batches_describe_what_was_asked(eutils_server):
    settings = settings_for(eutils_server, efetch_batch_size=20)
    batches = list(fetch.fetch_query("all", settings=settings))

    assert [(b.number, b.retstart, b.requested, b.total) for b in batches] == [
        (1, 0, 20, 57), (2, 20, 20, 57), (3, 40, 17, 57)]
    first = batches[0]
    assert first.query == "all" and first.query_key == "1" and first.webenv.startswith("MCID_")
    assert first.url == eutils_server.base_url + "efetch.fcgi"
    assert first.source_ref == "pubmed query 'all' efetch query_key=1 retstart=0 retmax=20"
    assert first.fetched_at.tzinfo is not None
    assert len(first.sha256) == 64 and first.ids == () and first.missing == ()


def test_search_reports_count_and_history(eutils_server):
    result = fetch.search("all", settings=settings_for(eutils_server))

    assert result.count == 57 and not result.split
    assert result.slices[0].query_key == "1" and result.slices[0].webenv == result.webenv
    (request,) = eutils_server.requests
    assert request.params["usehistory"] == "y" and request.params["retmax"] == "0"
    assert "datetype" not in request.params


def test_nothing_found_fetches_nothing(eutils_server):
    settings = settings_for(eutils_server)
    assert fetch.search("no such words anywhere", settings=settings).count == 0
    assert list(fetch.fetch_query("no such words anywhere", settings=settings)) == []
    assert eutils_server.requests_to("efetch") == []


# --- splitting by publication date -------------------------------------------------------------------------


def test_query_over_the_hit_limit_is_split_by_publication_date(eutils_server):
    eutils_server.history_limit = 10  # like NCBI's 10,000: efetch from one search stops there
    settings = settings_for(eutils_server, esearch_max_hits=10)

    result = fetch.search("all", settings=settings)

    assert result.split and result.count == 57
    assert all(0 < s.count <= 10 for s in result.slices)
    assert sum(s.count for s in result.slices) == 57
    assert len({s.webenv for s in result.slices}) == 1  # one history environment
    for newer, older in zip(result.slices, result.slices[1:]):  # newest first, no overlap, no gap
        assert date.fromisoformat(older.maxdate.replace("/", "-")) < date.fromisoformat(
            newer.mindate.replace("/", "-"))
    for request in eutils_server.requests_to("esearch")[1:]:
        assert request.params["datetype"] == "pdat"

    batches = list(fetch.iter_efetch_batches(result, settings=settings))
    assert sorted(pmids_of(batches)) == sorted(eutils_server.pmids)
    assert all(b.slice_dates != (None, None) for b in batches)


def test_without_splitting_the_history_cap_is_a_loud_error(eutils_server, sleeps):
    eutils_server.history_limit = 10
    settings = settings_for(eutils_server)  # esearch_max_hits 9999: no split

    with pytest.raises(FetchError) as raised:
        list(fetch.fetch_query("all", settings=settings))

    assert not raised.value.transient
    assert "retstart=10" in str(raised.value) and "HTTP 400" in str(raised.value)
    assert sleeps == []


def test_split_stays_within_the_dates_asked(eutils_server):
    settings = settings_for(eutils_server, esearch_max_hits=5)

    result = fetch.search("all", mindate="2016", maxdate="2018/06", settings=settings)

    expected = eutils_server.search("all", "2016/01/01", "2018/06/30")
    assert result.count == len(expected) > 5
    assert (result.mindate, result.maxdate) == ("2016/01/01", "2018/06/30")
    assert all("2016/01/01" <= s.mindate <= s.maxdate <= "2018/06/30" for s in result.slices)
    assert sorted(pmids_of(fetch.iter_efetch_batches(result, settings=settings))) == sorted(expected)


def test_a_single_day_over_the_limit_is_an_error_not_a_cut(eutils_server):
    eutils_server.add_synthetic(12, first_date=date(2019, 5, 5), step_days=0)
    settings = settings_for(eutils_server, esearch_max_hits=10)

    with pytest.raises(FetchError, match=r"12 records published on 2019/05/05.*narrow the query"):
        fetch.search("all", settings=settings)


@pytest.mark.parametrize("max_records, sizes", [(0, []), (1, [1]), (25, [10, 10, 5]), (57, [10] * 5 + [7]),
                                                (1000, [10] * 5 + [7])])
def test_max_records_is_honoured(eutils_server, max_records, sizes):
    batches = list(fetch.fetch_query("all", max_records=max_records, settings=settings_for(eutils_server)))

    assert [b.records for b in batches] == sizes
    assert pmids_of(batches) == eutils_server.pmids[:max_records]


def test_max_records_under_the_limit_needs_no_split(eutils_server):
    settings = settings_for(eutils_server, esearch_max_hits=10)

    batches = list(fetch.fetch_query("all", max_records=8, settings=settings))

    assert len(eutils_server.requests_to("esearch")) == 1
    assert pmids_of(batches) == eutils_server.pmids[:8]


def test_max_records_over_the_limit_takes_the_newest_slices(eutils_server):
    settings = settings_for(eutils_server, esearch_max_hits=10)

    batches = list(fetch.fetch_query("all", max_records=15, settings=settings))

    assert len(pmids_of(batches)) == 15 == len(set(pmids_of(batches)))
    assert sorted(pmids_of(batches)) == sorted(eutils_server.pmids[:15])  # newest first, as unsplit


# --- retries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["truncate", "cut", "close", "garbage", "error", 502, 503])
def test_bad_efetch_answers_are_retried(eutils_server, sleeps, kind):
    eutils_server.inject("efetch", kind, after=1)

    batches = list(fetch.fetch_query("all", settings=settings_for(eutils_server)))

    assert sorted(pmids_of(batches)) == sorted(eutils_server.pmids)
    assert len(pmids_of(batches)) == 57
    assert [r.params["retstart"] for r in eutils_server.requests_to("efetch")[:3]] == ["0", "10", "10"]
    assert eutils_server.requests_to("efetch")[1].fault == str(kind)
    assert len(sleeps) == 1


@pytest.mark.parametrize("kind", ["truncate", "close", "garbage", 500, 429])
def test_bad_esearch_answers_are_retried(eutils_server, sleeps, kind):
    eutils_server.inject("esearch", kind)

    assert fetch.search("all", settings=settings_for(eutils_server)).count == 57
    assert len(eutils_server.requests_to("esearch")) == 2 and len(sleeps) == 1


def test_a_timeout_is_retried(eutils_server, sleeps):
    eutils_server.inject("efetch", "delay", delay_s=1.0)

    batches = list(fetch.fetch_query("all", max_records=10, settings=settings_for(eutils_server,
                                                                                  http_timeout_s=0.2)))

    assert len(pmids_of(batches)) == 10 and len(sleeps) == 1


def test_a_body_that_stays_truncated_fails_naming_the_batch(eutils_server, sleeps):
    eutils_server.inject("efetch", "truncate", times=100, after=1)

    with pytest.raises(FetchError) as raised:
        list(fetch.fetch_query("all", settings=settings_for(eutils_server)))

    message = str(raised.value)
    assert isinstance(raised.value, TransientFetchError) and raised.value.transient
    assert "efetch batch 2 of query 'all' retstart=10 retmax=10" in message
    assert "truncated" in message and f"after {MAX_RETRIES + 1} attempts" in message
    assert "\n" not in message
    assert len(eutils_server.requests_to("efetch")) == 1 + MAX_RETRIES + 1


def test_a_persistent_500_is_a_fetch_error(eutils_server, sleeps):
    eutils_server.inject("esearch", 500, times=100)

    with pytest.raises(FetchError) as raised:
        fetch.search("neuroendocrine", settings=settings_for(eutils_server))

    message = str(raised.value)
    assert raised.value.transient
    assert message.startswith("esearch for query 'neuroendocrine' failed: HTTP 500")
    assert f"after {MAX_RETRIES + 1} attempts; try again later" in message and "\n" not in message
    assert len(eutils_server.requests_to("esearch")) == MAX_RETRIES + 1
    assert len(sleeps) == MAX_RETRIES
    assert sleeps == sorted(sleeps)  # backing off


@pytest.mark.parametrize("status", [400, 401, 403, 404, 414])
def test_other_4xx_are_terminal_and_not_retried(eutils_server, sleeps, status):
    eutils_server.inject("efetch", status)

    with pytest.raises(FetchError) as raised:
        list(fetch.fetch_query("all", settings=settings_for(eutils_server)))

    assert not raised.value.transient and not isinstance(raised.value, TransientFetchError)
    assert f"HTTP {status}" in str(raised.value) and "efetch batch 1" in str(raised.value)
    assert len(eutils_server.requests_to("efetch")) == 1
    assert sleeps == []


def test_an_esearch_error_document_is_terminal(eutils_server, sleeps):
    eutils_server.inject("esearch", "error")

    with pytest.raises(FetchError, match="E-utilities error: injected E-utilities error") as raised:
        fetch.search("all", settings=settings_for(eutils_server))

    assert not raised.value.transient and len(eutils_server.requests) == 1


def test_retry_after_is_honoured(eutils_server, sleeps):
    eutils_server.inject("esearch", 429, retry_after=7)
    in_30_s = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    eutils_server.inject("esearch", 503, retry_after=in_30_s)

    fetch.search("all", settings=settings_for(eutils_server))

    assert sleeps[0] == 7
    assert 25 < sleeps[1] <= 30


def test_a_retry_after_too_long_is_not_waited_for(eutils_server, sleeps):
    eutils_server.inject("esearch", 429, retry_after=3600)

    with pytest.raises(TransientFetchError, match="asks to wait 3600 s; NCBI is rate-limiting"):
        fetch.search("all", settings=settings_for(eutils_server))

    assert sleeps == [] and len(eutils_server.requests) == 1


def test_a_retry_after_past_the_deadline_is_not_waited_for(eutils_server, sleeps):
    eutils_server.inject("esearch", 503, retry_after=30)

    with pytest.raises(TransientFetchError, match="HTTP 503 .* and the server asks to wait 30 s"):
        fetch.search("all", settings=settings_for(eutils_server, eutils_deadline_s=10))

    assert sleeps == [] and len(eutils_server.requests) == 1


def test_unreachable_server_fails_fast_with_a_one_line_error(sleeps):
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/entrez/eutils/"

    with pytest.raises(FetchError) as raised:
        list(fetch.fetch_query("neuroendocrine carcinoma", settings=settings_for(base_url, max_retries=5)))

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("esearch for query 'neuroendocrine carcinoma' failed: cannot connect")
    assert f"{base_url}esearch.fcgi after 2 attempts;" in message  # one quick retry, not five
    assert "check the network and the E-utilities base URL (EVIDENCE_EUTILS_BASE_URL)" in message
    assert len(sleeps) == 1 and sleeps[0] < 0.01


@pytest.mark.parametrize("attempt, low, high", [(1, 0.5, 1.0), (2, 1.0, 2.0), (4, 4.0, 8.0)])
def test_backoff_is_exponential_with_jitter(attempt, low, high):
    delays = {fetch.backoff_delay(attempt, 1.0) for _ in range(50)}
    assert all(low <= d <= high for d in delays) and len(delays) > 1
    assert fetch.backoff_delay(attempt, 1.0, retry_after=60) == 60


# --- what is sent ------------------------------------------------------------------------------------------


def test_email_tool_and_api_key_are_sent_on_every_request(eutils_server):
    settings = settings_for(eutils_server, entrez_api_key="k3y-secret")

    batches = list(fetch.fetch_query("all", max_records=20, settings=settings))
    list(fetch.fetch_pmids(eutils_server.pmids[:3], settings=settings))

    assert len(eutils_server.requests) == 1 + 2 + 1
    for request in eutils_server.requests:
        assert request.params["email"] == "curator@example.org"
        assert request.params["tool"] == "evidence-tests"
        assert request.params["api_key"] == "k3y-secret"
        assert request.params["db"] == "pubmed"
    assert all("k3y" not in b.url and "k3y" not in b.source_ref for b in batches)


def test_without_an_email_biopython_warns_and_none_is_sent(eutils_server):
    settings = settings_for(eutils_server, entrez_email=None)

    with pytest.warns(UserWarning, match="Email address is not specified"):
        fetch.search("all", settings=settings)

    assert "email" not in eutils_server.requests[0].params and "api_key" not in eutils_server.requests[0].params


def test_dates_are_sent_as_publication_date_range(eutils_server):
    fetch.search("all", mindate="2018", maxdate="2020/02", settings=settings_for(eutils_server))

    params = eutils_server.requests[0].params
    assert (params["datetype"], params["mindate"], params["maxdate"]) == ("pdat", "2018/01/01", "2020/02/29")


def test_one_open_date_bound_is_closed_with_pubmeds_own(eutils_server):
    fetch.search("all", mindate="2020/03/04", settings=settings_for(eutils_server))

    params = eutils_server.requests[0].params
    assert (params["mindate"], params["maxdate"]) == ("2020/03/04", "3000/12/31")


def test_requests_keep_to_ncbis_rate_without_a_rate_setting(eutils_server, tmp_path):
    settings = settings_for(eutils_server, entrez_requests_per_s=0.0, entrez_api_key="k",  # 10/s with a key
                            cache_dir=str(tmp_path))

    started = time.monotonic()
    for _ in range(4):
        fetch.search("all", settings=settings)

    assert time.monotonic() - started >= 3 * fetch.PACING_MARGIN / fetch.NCBI_REQUESTS_PER_S_WITH_KEY * 0.95
    shared_clock = tmp_path / "eutils" / "pace-127.0.0.1"  # the clock every process of the machine keeps
    assert abs(float(shared_clock.read_text()) - time.time()) < 1


# --- fetching by PMID --------------------------------------------------------------------------------------


def test_pmids_are_fetched_in_batches(eutils_server):
    wanted = eutils_server.pmids[:25]

    batches = list(fetch.fetch_pmids(wanted + wanted[:3] + [int(wanted[0])], settings=settings_for(eutils_server)))

    assert [len(b.ids) for b in batches] == [10, 10, 5]
    assert [b.total for b in batches] == [25, 25, 25]
    assert pmids_of(batches) == wanted
    assert [r.ids for r in eutils_server.requests_to("efetch")] == [wanted[:10], wanted[10:20], wanted[20:]]
    assert eutils_server.requests_to("esearch") == []


def test_unknown_pmids_are_reported_missing(eutils_server):
    (batch,) = fetch.fetch_pmids(["9997", "1", "12091962"], settings=settings_for(eutils_server))

    assert batch.pmids == ("9997", "12091962") and batch.missing == ("1",)
    assert batch.source_ref == "pubmed efetch id=9997,1,12091962"


def test_a_long_pmid_list_is_posted(eutils_server):
    eutils_server.add_synthetic(200)
    wanted = eutils_server.pmids[:250]

    batches = list(fetch.fetch_pmids(wanted, settings=settings_for(eutils_server, efetch_batch_size=250)))

    assert pmids_of(batches) == wanted
    (request,) = eutils_server.requests_to("efetch")
    assert request.method == "POST" and len(request.ids) == 250


def test_pmid_batches_survive_faults(eutils_server, sleeps):
    eutils_server.inject("efetch", 429, after=1)
    eutils_server.inject("efetch", "truncate", after=2)

    batches = list(fetch.fetch_pmids(eutils_server.pmids, settings=settings_for(eutils_server)))

    assert pmids_of(batches) == eutils_server.pmids and len(sleeps) == 2


# --- bad input fails before any request --------------------------------------------------------------------


@pytest.mark.parametrize("pmids, bad", [(["123", "12a"], "'12a'"), (["PMC123"], "'PMC123'"), ([-5], "-5"),
                                        (["0"], "'0'")])
def test_a_bad_pmid_is_an_input_error(eutils_server, pmids, bad):
    with pytest.raises(InputError, match=f"PMID {bad} is not a PubMed id"):
        fetch.fetch_pmids(pmids, settings=settings_for(eutils_server))
    assert eutils_server.requests == []


@pytest.mark.parametrize("mindate, maxdate, message", [
    ("2020-13", None, "mindate '2020-13' is not a date"),
    ("yesterday", None, "mindate 'yesterday' is not a date"),
    (None, "2020/02/30", "maxdate '2020/02/30' is not a date"),
    ("2021", "2020", "mindate '2021' is after maxdate '2020'"),
])
def test_bad_dates_are_input_errors(eutils_server, mindate, maxdate, message):
    with pytest.raises(InputError, match=message):
        fetch.fetch_query("all", mindate=mindate, maxdate=maxdate, settings=settings_for(eutils_server))
    assert eutils_server.requests == []


@pytest.mark.parametrize("query", ["", "   ", None])
def test_an_empty_query_is_an_input_error(eutils_server, query):
    with pytest.raises(InputError, match="query is empty"):
        fetch.fetch_query(query, settings=settings_for(eutils_server))


# --- the fake itself ---------------------------------------------------------------------------------------


def test_the_fake_serves_the_recorded_records(eutils_server):
    recorded = [r for r in eutils_server.records if not r.synthetic]
    assert len(recorded) == 17 and {r.source for r in recorded} >= {"biopython_pubmed1.xml"}
    assert eutils_server.search("29768149[pmid]") == ["29768149"]
    synthetic = [r for r in eutils_server.records if r.synthetic]
    assert len(synthetic) == 40
    assert all(b"Synthetic record" in r.xml and int(r.pmid) >= 99_000_001 for r in synthetic)


def test_a_batch_with_book_articles_and_no_records_is_accepted():
    book = (b'<?xml version="1.0"?>\n<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">20301295'
            b'</PMID></BookDocument></PubmedBookArticle></PubmedArticleSet>\n')
    assert fetch._check_pubmed_set(book) == ("20301295",)
    assert fetch._check_pubmed_set(b'<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>') == ()
    assert fetch._check_pubmed_set(b'<?xml version="1.0"?>\n<PubmedArticleSet/>') == ()


def test_faults_queue_in_order(eutils_server):
    eutils_server.inject("any", 500, times=2)
    eutils_server.inject("esearch", 429)
    settings = settings_for(eutils_server).model_copy(update={"backoff_base_s": 0.0})

    fetch.search("all", settings=settings)

    assert [(r.status, r.fault) for r in eutils_server.requests] == [
        (500, "500"), (500, "500"), (429, "429"), (200, None)]


def test_records_outside_the_split_range_are_an_error_not_a_loss(eutils_server, monkeypatch):
    monkeypatch.setattr(fetch, "EARLIEST_PDAT", date(2000, 1, 1))  # two recorded records are older
    settings = settings_for(eutils_server, esearch_max_hits=10)

    with pytest.raises(FetchError, match=r"57 hits, but its publication-date slices .* hold only 55"):
        fetch.search("all", settings=settings)


def test_the_fake_hands_out_settings_for_the_cli(eutils_server, monkeypatch):
    for name, value in eutils_server.environ(efetch_batch_size=20).items():
        monkeypatch.setenv(name, value)

    batches = list(fetch.fetch_query("synthetic record"))  # Settings.from_env()

    assert [b.records for b in batches] == [20, 20]
    assert eutils_server.requests[0].params["email"] == "tests@example.org"


@pytest.mark.parametrize("base_url, message", [
    ("127.0.0.1:8000/eutils/", "is not an http(s) URL"),
    ("", "is not an http(s) URL"),
    ("http://127.0.0.1:port/eutils/", "invalid URL"),
])
def test_a_malformed_base_url_is_a_terminal_error(sleeps, base_url, message):
    with pytest.raises(FetchError, match=re.escape(message)) as raised:
        fetch.search("all", settings=settings_for(base_url))
    assert not raised.value.transient and sleeps == []

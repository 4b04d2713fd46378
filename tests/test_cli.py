"""The evidence command, run in-process with click's runner (and once as a real subprocess)."""
import csv
import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SAMPLES, cli
from tests.medline_records import article, article_set


def walk(group, path=()):
    for name, cmd in group.commands.items():
        yield path + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from walk(cmd, path + (name,))


@pytest.mark.parametrize("path", [p for p, _ in walk(main)], ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    cmd = dict(walk(main))[path]
    assert cmd.help and len(cmd.help.strip()) > 10, f"'evidence {' '.join(path)}' has no help text"


def test_ingest_samples_twice_changes_no_counts(db_url):
    xml = [str(p) for p in sorted((SAMPLES / "pubmed").glob("*.xml"))]
    txt = [str(p) for p in sorted((SAMPLES / "seeds").glob("*.txt"))]
    first = cli(db_url, "ingest", "xml", *xml)
    assert first.exit_code == 0, first.output
    assert "new 3" in first.output
    assert cli(db_url, "ingest", "text", *txt).exit_code == 0
    stats1 = json.loads(cli(db_url, "stats", "--json").output)
    again = cli(db_url, "ingest", "xml", *xml)
    assert "new 0, updated 0, unchanged 3" in again.output
    assert cli(db_url, "ingest", "text", *txt).exit_code == 0
    stats2 = json.loads(cli(db_url, "stats", "--json").output)
    assert stats1 == stats2
    # the three seed abstracts with PubMed records are one document each, text copy linked to the record
    assert stats2["documents"] == 5


def test_show_prints_a_document_found_by_pmid_or_doi(db_url):
    cli(db_url, "ingest", "xml", str(SAMPLES / "pubmed" / "seed_abstracts.xml"))
    out = cli(db_url, "show", "22778320").output
    assert "Prospective study of bevacizumab plus temozolomide" in out and "PMID 22778320" in out
    data = json.loads(cli(db_url, "show", "10.1530/ERC-22-0301", "--json").output)
    assert data["registry_ids"] == ["NCT01010126"] and len(data["payload_hashes"]) == 1
    assert "Prospective study of bevacizumab" in cli(db_url, "show", "#2").output
    missing = cli(db_url, "show", "424242")
    assert missing.exit_code == 1 and "no document '424242'" in missing.output


def test_truncated_file_is_partial_and_names_the_file(sqlite_url, tmp_path):
    text = article_set(article("51"), article("52"), article("53"))
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index('<PMID Version="1">53') + 25], encoding="utf-8")
    result = cli(sqlite_url, "ingest", "xml", str(path))
    assert result.exit_code == 3
    assert "new 2" in result.output and f"failed: {path}" in result.output and "truncated" in result.output


def test_record_without_pmid_is_reported_by_position(sqlite_url, tmp_path):
    path = tmp_path / "nopmid.xml"
    path.write_text(article_set(article("61"), article(None)), encoding="utf-8")
    result = cli(sqlite_url, "ingest", "xml", str(path))
    assert result.exit_code == 3
    assert f"failed: {path}, record 2" in result.output and "record has no PMID" in result.output


def test_non_xml_file_fails_the_command_with_one_line(sqlite_url, tmp_path):
    path = tmp_path / "table.xml"
    path.write_text("pmid,title\n1,x\n", encoding="utf-8")
    result = cli(sqlite_url, "ingest", "xml", str(path))
    assert result.exit_code == 1
    assert f"Error: {path}: not an XML file" in result.output
    stats = json.loads(cli(sqlite_url, "stats", "--json").output)
    assert stats["documents"] == 0
    runs = cli(sqlite_url, "runs", "1").output
    assert "run 1 xml failed" in runs and "not an XML file" in runs


def test_binary_file_as_text_is_refused(sqlite_url, tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x89PNG\r\n\x00\x00")
    result = cli(sqlite_url, "ingest", "text", str(path))
    assert result.exit_code == 1 and str(path) in result.output


def test_bad_database_url_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path}/missing/dir/e.db", "stats"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_db_upgrade_and_console_script(tmp_path):
    db = f"sqlite:///{tmp_path / 'e.db'}"
    exe = [sys.executable, "-m", "pipeline", "--db", db]
    out = subprocess.run([*exe, "db", "upgrade"], capture_output=True, text=True, check=True)
    assert "database at head" in out.stdout
    out = subprocess.run([*exe, "ingest", "text", str(SAMPLES / "seeds" / "002_45aa1132371c063a.txt")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "new 1" in out.stdout


def test_readme_commands_exist():
    """Every 'evidence ...' command the README's table names answers --help."""
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set()
    for cell in re.findall(r"^\| `(evidence [^`]+)`", readme, flags=re.M):
        for variant in cell.split("` / `"):
            words = [w for w in variant.split() if re.fullmatch(r"[a-z]+", w)]
            names.add(tuple(words[1:3]) if len(words) > 2 and words[1] in {"db", "ingest", "pdf", "review", "flows"}
                      else tuple(words[1:2]))
    assert len(names) >= 12
    for path in names:
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, f"README names 'evidence {' '.join(path)}', which does not exist"


def test_settings_come_from_the_environment_and_a_bad_value_is_one_line(sqlite_url, tmp_path):
    """EVIDENCE_* variables are read and type-checked; an unusable one names itself, never a traceback."""
    from pipeline.settings import Settings

    assert Settings.from_env().max_retries == 5
    os.environ["EVIDENCE_MAX_RETRIES"] = "2"
    try:
        assert Settings.from_env().max_retries == 2 and Settings.from_env(max_retries=7).max_retries == 7
    finally:
        del os.environ["EVIDENCE_MAX_RETRIES"]
    result = cli(sqlite_url, "ingest", "xml", str(SAMPLES / "pubmed" / "seed_abstracts.xml"),
                 env={"EVIDENCE_STORE_BATCH_SIZE": "many"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "EVIDENCE_STORE_BATCH_SIZE='many'" in result.output and "fix or unset the variable" in result.output


def test_each_command_reads_the_settings_once_and_passes_them_down(sqlite_url, tmp_path, settings_reads):
    """A command reads the environment once: the store, ingestion, extraction, validation, linking and the review
    import all get that one settings object."""
    reads = settings_reads
    queue = tmp_path / "queue.csv"
    commands = [("ingest", "xml", str(SAMPLES / "pubmed" / "seed_abstracts.xml")),
                ("ingest", "text", *sorted(str(p) for p in (SAMPLES / "seeds").glob("*.txt"))),
                ("extract",), ("review", "export", "--out", str(queue)), ("crosscheck",)]
    for args in commands:
        reads.clear()
        result = cli(sqlite_url, *args)
        assert result.exit_code in (0, 1), result.output  # crosscheck: no review rows in these documents
        assert len(reads) == 1, f"evidence {' '.join(args[:2])} read the settings {len(reads)} times"
    with open(queue, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(decision="accept", reviewer="tester")
    with open(queue, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    reads.clear()
    result = cli(sqlite_url, "review", "import", str(queue))
    assert result.exit_code == 0 and "1 accept" in result.output, result.output
    assert len(reads) == 1, f"evidence review import read the settings {len(reads)} times"

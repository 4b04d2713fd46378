"""Database errors on the command line: one line naming the URL with its password hidden, what is wrong and what
to do next; exit 2 for a --db URL that cannot be used, 1 for a store that cannot be opened or written. Never a
traceback, and never the password, which no output of any command contains.

Each case runs the real ``evidence`` command in a child process (what a user sees on stdout and stderr) against a
real SQLite file or the test PostgreSQL server.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pipeline.store import display_url
from tests.conftest import ABSTRACT, ROOT, closed_port, silent_server

PASSWORD = "p@ss%w0rd:/?"  # the characters that must be percent-encoded in a URL, and configparser's %
ENCODED = quote(PASSWORD, safe="")


def evidence(db: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``evidence --db DB ARGS`` in a child process with this worktree's code."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    environ.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "pipeline", "--db", db, *args], capture_output=True, text=True,
                          env=environ, timeout=120)


def one_line_error(out: subprocess.CompletedProcess, exit_code: int, *phrases: str) -> str:
    """The one error line of a failed command, checked: exit code, nothing else on stderr, the phrases present."""
    assert out.returncode == exit_code, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: database "), out.stderr
    for phrase in phrases:
        assert phrase in lines[0]
    return lines[0]


def never_shows_password(out: subprocess.CompletedProcess) -> None:
    for secret in (PASSWORD, ENCODED):
        assert secret not in out.stdout and secret not in out.stderr


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "study.txt"
    path.write_text(f"A test study\n\n{ABSTRACT}\n", encoding="utf-8")
    return path


@pytest.fixture
def pg_role_url(pg_url):
    """A new role whose password has '@', '%', ':', '/' and '?', allowed to build the schema in a fresh database
    of the test server; its URL. Dropped after."""
    name = f"evidence_pw_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{PASSWORD}'"))
        conn.execute(text(f'GRANT CREATE, USAGE ON SCHEMA public TO "{name}"'))
    try:
        yield make_url(pg_url).set(username=name, password=PASSWORD).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP OWNED BY "{name}"'))
            conn.execute(text(f'DROP ROLE "{name}"'))
        admin.dispose()


def test_percent_encoded_password_works_and_is_never_printed(pg_role_url, text_file):
    """A '%' in the URL once broke every command in alembic's configparser, printing the password."""
    assert ENCODED in pg_role_url
    out = evidence(pg_role_url, "db", "upgrade")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"database at head: {display_url(pg_role_url)}" and ":***@" in out.stdout
    never_shows_password(out)
    out = evidence(pg_role_url, "ingest", "text", str(text_file))
    assert out.returncode == 0 and "new 1" in out.stdout, out.stderr
    never_shows_password(out)
    for args in (("runs",), ("runs", "1")):
        out = evidence(pg_role_url, *args)
        assert out.returncode == 0 and out.stdout, out.stderr
        never_shows_password(out)
    out = evidence(pg_role_url, "flows", "list", EVIDENCE_DB_URL=pg_role_url, EVIDENCE_SCHEDULED_QUERY="x")
    assert out.returncode == 0 and out.stdout.count(":***@") == 1 and "store: " in out.stdout, out.stderr
    never_shows_password(out)
    wrong_db = make_url(pg_role_url).set(database="no_such_database").render_as_string(hide_password=False)
    line = one_line_error(evidence(wrong_db, "stats"), 1, "cannot open it", "no_such_database", "--db")
    assert PASSWORD not in line and ENCODED not in line


def test_wrong_postgresql_password_is_one_line(pg_url):
    url = make_url(pg_url).set(password=PASSWORD).render_as_string(hide_password=False)
    out = evidence(url, "stats")
    one_line_error(out, 1, "cannot open it", "password authentication failed", "check --db", ":***@")
    never_shows_password(out)


@pytest.mark.parametrize("case", ["nothing listening", "unknown host"])
def test_unreachable_postgresql_is_one_line(case):
    url = {"nothing listening": f"postgresql+psycopg://evidence:{ENCODED}@127.0.0.1:{closed_port()}/evidence",
           # a space makes the name fail in the resolver itself: no DNS query leaves the machine
           "unknown host": f"postgresql+psycopg://evidence:{ENCODED}@no such host/evidence"}[case]
    out = evidence(url, "ingest", "text", "never-read.txt")
    line = one_line_error(out, 1, "cannot open it", "check --db / EVIDENCE_DB_URL", ":***@")
    assert {"nothing listening": "refused", "unknown host": "no such host"}[case] in line
    never_shows_password(out)


@pytest.mark.parametrize("url, phrase", [
    ("garbage", "not a database URL"),
    (f"post gres://u:{ENCODED}@h/db", "not a database URL"),  # unparseable, with a password in it
    (f"mysql://u:{ENCODED}@localhost/db", "no driver"),  # a well-formed URL of a database without a driver here
    (f"nosuchdb://u:{ENCODED}@localhost/db", "no driver"),
])
def test_url_that_cannot_be_used_is_a_usage_error(url, phrase):
    out = evidence(url, "stats")
    one_line_error(out, 2, phrase, "sqlite:///path.db or postgresql+psycopg://", "--db / EVIDENCE_DB_URL")
    never_shows_password(out)


def test_server_that_never_answers_times_out_with_one_line():
    """Without a connect timeout this took 2 min 12 s; the test sets 2 s (libpq's minimum)."""
    with silent_server() as (port, accepted):
        out = evidence(f"postgresql+psycopg://evidence:{ENCODED}@127.0.0.1:{port}/evidence", "stats",
                       EVIDENCE_DB_CONNECT_TIMEOUT_S="2")
    assert accepted, "the command never reached the server"
    one_line_error(out, 1, "cannot open it", "timeout", "EVIDENCE_DB_CONNECT_TIMEOUT_S", ":***@")
    never_shows_password(out)


def test_read_only_sqlite_store_reads_and_a_write_is_one_line(tmp_path, text_file):
    """Tests run as root, where file modes do not stop writes: SQLite's own read-only mode does."""
    path = tmp_path / "evidence.db"
    assert evidence(f"sqlite:///{path}", "db", "upgrade").returncode == 0
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    out = evidence(read_only, "stats")
    assert out.returncode == 0 and "documents: 0" in out.stdout, out.stderr
    out = evidence(read_only, "ingest", "text", str(text_file))
    one_line_error(out, 1, read_only, "readonly", "writable")
    assert "documents: 0" in evidence(f"sqlite:///{path}", "stats").stdout  # nothing was written


def test_store_refusing_a_write_midway_is_one_line(tmp_path, text_file):
    """A database error after the run has started (here a trigger refuses to end the run) is one line too."""
    path = tmp_path / "evidence.db"
    assert evidence(f"sqlite:///{path}", "db", "upgrade").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TRIGGER frozen BEFORE UPDATE ON ingestion_runs BEGIN SELECT RAISE(ABORT, 'runs are "
                     "frozen'); END")
    out = evidence(f"sqlite:///{path}", "ingest", "text", str(text_file))
    one_line_error(out, 1, str(path), "runs are frozen", "run the command again")


def test_database_error_anywhere_in_a_command_is_one_line(tmp_path, text_file):
    """The whole command group translates database errors, also where a command reads the store outside its own
    error block (``show`` reads the findings after printing the document)."""
    path = tmp_path / "evidence.db"
    assert evidence(f"sqlite:///{path}", "ingest", "text", str(text_file)).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE findings")
    out = evidence(f"sqlite:///{path}", "show", "#1")
    one_line_error(out, 1, str(path), "no such table: findings")


def test_store_at_an_unknown_revision_is_one_line(tmp_path):
    """A store made by a newer version, or an unknown --revision: one line, never alembic's traceback."""
    path = tmp_path / "evidence.db"
    out = evidence(f"sqlite:///{path}", "db", "upgrade", "--revision", "nosuchrev")
    one_line_error(out, 1, "cannot migrate it to nosuchrev", "--revision")
    assert evidence(f"sqlite:///{path}", "db", "upgrade").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'fffffffffff1'")
    one_line_error(evidence(f"sqlite:///{path}", "stats"), 1, "fffffffffff1", "newer evidence-pipeline")


@pytest.mark.parametrize("url, shown", [
    ("sqlite:///evidence.db", "sqlite:///evidence.db"),
    ("sqlite:///file:/tmp/e.db?mode=ro&uri=true", "sqlite:///file:/tmp/e.db?mode=ro&uri=true"),
    (f"postgresql+psycopg://u:{ENCODED}@h:5432/db", "postgresql+psycopg://u:***@h:5432/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    (f"post gres://u:{ENCODED}@h/db", "post gres://u:***@h/db"),  # cannot be parsed: hidden all the same
])
def test_display_url_hides_the_password(url, shown):
    assert display_url(url) == shown

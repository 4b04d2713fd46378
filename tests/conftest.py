"""Shared fixtures. Store tests run on SQLite and on a real PostgreSQL: the server EVIDENCE_TEST_PG_URL names, or
else a throwaway server the session starts on first use and stops at its end (tests/pg_server.py)."""
from __future__ import annotations

import os
import socket
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("EVIDENCE_TEST_PG_URL")

pytest_plugins = ["eutils_fake"]  # the eutils_server fixture: a local fake of NCBI E-utilities

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def pg_server_url():
    """The test PostgreSQL server's URL (with CREATEDB rights). Without EVIDENCE_TEST_PG_URL, a throwaway server is
    started when the first PostgreSQL test asks for it (SQLite-only runs start none) and stopped at session end;
    if none can start, every PostgreSQL test fails with the one line saying what was tried and what to install."""
    if PG_URL:
        yield PG_URL
        return
    from pg_server import PgServerError, start

    try:
        server = start()
    except PgServerError as exc:
        server, problem = None, exc
    if server is None:  # failed outside the except block, so the report is that one line with no traceback
        pytest.fail(f"PostgreSQL tests: EVIDENCE_TEST_PG_URL is not set and {problem}", pytrace=False)
    try:
        yield server.url
    finally:
        server.stop()


def _pg_database(server_url: str):
    """Create a throwaway database on the test PostgreSQL server; yield its URL; drop it after."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"evidence_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'evidence.db'}"
    else:
        yield from _pg_database(request.getfixturevalue("pg_server_url"))


@pytest.fixture
def pg_url(pg_server_url):
    """A fresh database on the test PostgreSQL server (for what only PostgreSQL does: concurrent writers)."""
    yield from _pg_database(pg_server_url)


@pytest.fixture(scope="session")
def prefect_harness():
    """Prefect's temporary server for the flow tests (one per session: it takes seconds to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def store(db_url):
    from pipeline.store import Store

    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def settings_reads(monkeypatch):
    """A list that grows by one each time a ``Settings`` object is made (read from the environment or not)."""
    from pipeline.settings import Settings

    reads: list[int] = []
    init = Settings.__init__

    def counted(self, *args, **kwargs):
        reads.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Settings, "__init__", counted)
    return reads


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'evidence.db'}"


def cli(db_url: str, *args: str, env: dict | None = None):
    """Run the ``evidence`` command in this process against ``db_url`` (exceptions are not swallowed)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    return CliRunner().invoke(main, ["--db", db_url, *args], env=env, catch_exceptions=False)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then freed): a connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def silent_server():
    """A port on 127.0.0.1 that accepts connections and never answers (a firewall or a hung server); yields
    (the port, the connections accepted)."""
    accepted: list[socket.socket] = []
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()


#: A short abstract written for the tests: one regimen, an ORR and a median PFS.
ABSTRACT = ("Forty patients with metastatic colorectal cancer received capecitabine and oxaliplatin. "
            "The objective response rate was 30% and the median progression-free survival was 12.5 months.")


def text_doc(abstract: str = ABSTRACT, doi: str = "10.1000/test.1"):
    """A plain-text Document with one abstract section."""
    from schemas.document import AbstractSection, Document

    return Document(source="text", doi=doi, title="A test study", abstract=[AbstractSection(text=abstract)])

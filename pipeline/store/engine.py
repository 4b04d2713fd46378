"""The store's engine: a database URL opened (SQLite pragmas, timeouts), its errors as one line with the password
hidden, and the Alembic migrations applied once at a time (in a process, and across processes by a lock file or
a PostgreSQL advisory lock)."""
from __future__ import annotations

import fcntl
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pydantic_core
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import URL, create_engine, event, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError  # a --db URL that cannot be used

from pipeline.errors import DatabaseURLError, StoreError
from pipeline.settings import Settings

MIGRATIONS = Path(__file__).parent.with_name("migrations")


def _alembic_config() -> Config:
    """Alembic's configuration: the migrations folder only. The connection is handed over by ``upgrade``, so no
    URL goes through configparser (whose interpolation breaks on a percent-encoded password)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class JSONText(str):
    """JSON already serialised (a ParsedRecord's ``json``): written as it is, not serialised again."""


def _to_json(value) -> str:
    return value if type(value) is JSONText else pydantic_core.to_json(value).decode()


DB_URL_FORMS = "sqlite:///path.db or postgresql+psycopg://user:password@host/dbname"
_URL_PASSWORD = re.compile(r"(://[^:/@]*:).*@")  # user:password@ in a URL SQLAlchemy cannot parse


def display_url(url: str | URL) -> str:
    """``url`` as it may be printed or logged: its password hidden, even when the URL cannot be parsed."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _URL_PASSWORD.sub(r"\1***@", url)
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)


def store_error(url: str, exc: BaseException, *, opening: bool = False) -> StoreError:
    """One line for a database error: the URL (password hidden), what is wrong and what to do next.

    A URL that cannot be used at all (malformed, an unknown kind of database, a driver not installed) gives a
    ``DatabaseURLError``; anything else (unreachable, timed out, read-only, a refused statement) a ``StoreError``.
    """
    where = f"database {display_url(url)}"
    if isinstance(exc, (NoSuchModuleError, ImportError)):
        return DatabaseURLError(f"{where}: no driver for this kind of database ({_first_line(exc, url)}); "
                                f"give {DB_URL_FORMS} (--db / EVIDENCE_DB_URL)")
    if isinstance(exc, ArgumentError):
        return DatabaseURLError(f"{where}: not a database URL ({_first_line(exc, url)}); "
                                f"give {DB_URL_FORMS} (--db / EVIDENCE_DB_URL)")
    reason = _first_line(getattr(exc, "orig", None) or exc, url)
    if opening:
        return StoreError(f"{where}: cannot open it ({reason}); check --db / EVIDENCE_DB_URL"
                          + (" or raise EVIDENCE_DB_CONNECT_TIMEOUT_S" if "timeout" in reason else ""))
    if isinstance(exc, OperationalError):
        return StoreError(f"{where}: {reason}; check that it is reachable and writable (--db / EVIDENCE_DB_URL), "
                          "then run the command again")
    return StoreError(f"{where}: the store refused a statement ({reason}); its transaction was rolled back: "
                      "run the command again, and report this message if it repeats")


def _first_line(exc: BaseException, url: str) -> str:
    """The first line of an error message (a driver's message goes on with SQL and hints), password hidden."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    try:
        password = make_url(url).password
    except ArgumentError:
        password = None
    return line.replace(password, "***") if password else line


def _sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (also a ``file:`` URI with ``?uri=true``); None in memory or for PostgreSQL."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = url.database.removeprefix("file:") if url.query.get("uri") == "true" else url.database
    return Path(database).expanduser()


def make_engine(url: str, settings: Settings | None = None) -> Engine:
    """An engine on ``url``; a URL that cannot be used raises ``DatabaseURLError``, a missing folder ``StoreError``."""
    settings = settings or Settings.from_env()
    try:
        engine = create_engine(url, json_serializer=_to_json)
    except (ArgumentError, ImportError) as exc:
        raise store_error(url, exc) from exc
    path = _sqlite_path(engine.url)
    if path is not None and not path.parent.exists():
        raise StoreError(f"database {display_url(url)}: folder {path.parent} does not exist; create it or pass "
                         "another --db")
    if engine.dialect.driver in ("psycopg", "psycopg2"):
        @event.listens_for(engine, "do_connect")
        def _connect_timeout(_dialect, _record, _cargs, cparams):
            # a server that accepts and never answers fails after this many seconds (a URL's own value wins)
            cparams.setdefault("connect_timeout", settings.db_connect_timeout_s)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA page_size=16384")  # a new file only: rows of 5-10 kB fit without overflow pages
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    return engine


_AT_HEAD: set[str] = set()  # database URLs this process has seen at the head revision (skips the check)
_MIGRATE_LOCK = threading.Lock()  # Alembic's context is global: one migration at a time per process
_PG_MIGRATE_LOCK_KEY = 7_250_318  # advisory lock that serialises migrations across processes


@contextmanager
def _file_lock(engine: Engine):
    """Across processes on one SQLite file: an exclusive lock file beside it."""
    path = _sqlite_path(engine.url)
    if path is None:
        yield
        return
    with open(f"{path}.migrate-lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``; safe when several workers open a new store at once."""
    cfg = _alembic_config()
    with _MIGRATE_LOCK, _file_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATE_LOCK_KEY})
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, revision)
        except CommandError as exc:  # an unknown --revision, or a store made by a newer version
            raise StoreError(f"database {display_url(engine.url)}: cannot "
                             f"migrate it to {revision} ({exc}); give a known --revision, or if a newer "
                             "evidence-pipeline made this store, use that version or another --db") from exc


def needs_upgrade(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() != head

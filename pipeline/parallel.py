"""Overlap parsing with storing: run a producer generator in a child process, consume it here.

A big MEDLINE file is parse-bound in one process and write-bound in the other; on two or more cores the
two halves run side by side. Items travel in pickled chunks through a pipe whose only write end the child
holds, so its death reads as the end of the pipe. A sender thread in the child lets it work up to ``depth``
chunks ahead of the consumer (memory stays bounded). The child dies with its parent: killed with SIGKILL,
the parent leaves no parser blocked for ever on a pipe nobody reads.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import pickle
import queue
import signal
import sys
import threading
import time
from multiprocessing.reduction import ForkingPickler
from typing import Callable, Iterator

from pipeline.errors import WorkerError

_END, _ERROR = "__end__", "__error__"


def _send_all(conn, out: queue.Queue) -> None:
    """The child's sender thread: writes pickled chunks to the pipe (the GIL is free while it writes)."""
    try:
        while (data := out.get()) is not None:
            conn.send_bytes(data)
    except BrokenPipeError:  # the consumer stopped reading
        pass
    finally:
        conn.close()


PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal the kernel sends a process when its parent dies
PARENT_POLL_S = 1.0  # how often the child checks that its parent is alive (where prctl is missing)


def _watch_parent(parent_pid: int) -> None:
    """The child's watcher thread: exit as soon as the parent is gone (the child is then re-parented)."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _die_with_parent(parent_pid: int) -> None:
    """Make this child process end when ``parent_pid`` ends, even by SIGKILL: Linux's prctl(PR_SET_PDEATHSIG)
    at once, and a watcher thread on every system (a parent that died before this ran is seen at once).

    prctl's "parent" is the thread that started the child; ``in_subprocess`` starts and reads the child in
    the same call, so that thread outlives the child's work."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the watcher below still works
            pass
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _produce(conn, fn: Callable, args: tuple, kwargs: dict, chunk: int, depth: int, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    # a producer makes many short-lived objects and few cycles: leave the imported modules out of
    # collections and collect the young generation less often (a tenth of the parse time otherwise)
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    out: queue.Queue = queue.Queue(maxsize=depth)
    sender = threading.Thread(target=_send_all, args=(conn, out), daemon=True)
    sender.start()
    batch: list = []
    try:
        for item in fn(*args, **kwargs):
            batch.append(item)
            if len(batch) >= chunk:
                out.put(ForkingPickler.dumps(batch))
                batch = []
        if batch:
            out.put(ForkingPickler.dumps(batch))
        out.put(ForkingPickler.dumps((_END, None)))
    except BaseException as exc:  # reported to the parent, which raises it
        out.put(ForkingPickler.dumps((_ERROR, f"{type(exc).__name__}: {exc}")))
    finally:
        out.put(None)
        sender.join()


def in_subprocess(fn: Callable[..., Iterator], *args, chunk: int = 500, depth: int = 4, **kwargs) -> Iterator:
    """Yield what ``fn(*args, **kwargs)`` yields, computed in a child process (``fn`` must be importable).

    Raises WorkerError when the child dies (killed, out of memory) or ``fn`` raises; what it yielded
    before has been yielded here."""
    what = f"{fn.__name__}({', '.join(map(repr, args))})"
    ctx = mp.get_context("spawn")  # not fork: the parent may hold threads and database connections
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_produce, args=(writer, fn, args, kwargs, chunk, depth, os.getpid()), daemon=True)
    proc.start()
    writer.close()  # the child holds the only write end now
    try:
        while True:
            try:
                msg = pickle.loads(reader.recv_bytes())
            except EOFError:  # the child is gone without saying it has finished
                proc.join(timeout=5)
                code = proc.exitcode
                how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited ({code})"
                raise WorkerError(f"the child process running {what} {how} before it finished") from None
            if isinstance(msg, tuple):
                if msg[0] == _END:
                    return
                raise WorkerError(f"the child process running {what} failed: {msg[1]}")
            yield from msg
    finally:
        reader.close()
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)

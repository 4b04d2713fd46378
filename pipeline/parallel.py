"""Overlap parsing with storing: run a producer generator in a child process, consume it here.

A big MEDLINE file is parse-bound in one process and write-bound in the other; on two or more cores the
two halves run side by side. Items travel in chunks through a bounded queue, so memory stays bounded.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import queue as queue_mod
from typing import Callable, Iterator

_END, _ERROR = "__end__", "__error__"


def _produce(q, fn: Callable, args: tuple, chunk: int) -> None:
    # a producer makes many short-lived objects and few cycles: leave the imported modules out of
    # collections and collect the young generation less often (a tenth of the parse time otherwise)
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    batch: list = []
    try:
        for item in fn(*args):
            batch.append(item)
            if len(batch) >= chunk:
                q.put(batch)
                batch = []
        if batch:
            q.put(batch)
        q.put((_END, None))
    except BaseException as exc:  # reported to the parent, which raises it
        q.put((_ERROR, f"{type(exc).__name__}: {exc}"))


def in_subprocess(fn: Callable[..., Iterator], *args, chunk: int = 500, depth: int = 4) -> Iterator:
    """Yield what ``fn(*args)`` yields, computed in a child process (``fn`` must be importable)."""
    ctx = mp.get_context("spawn")  # not fork: the parent may hold threads and database connections
    q = ctx.Queue(maxsize=depth)
    proc = ctx.Process(target=_produce, args=(q, fn, args, chunk), daemon=True)
    proc.start()
    try:
        while True:
            try:
                msg = q.get(timeout=1.0)
            except queue_mod.Empty:
                if not proc.is_alive():
                    raise RuntimeError(f"parser process for {args!r} died (exit code {proc.exitcode})")
                continue
            if isinstance(msg, tuple):
                if msg[0] == _END:
                    return
                raise RuntimeError(f"parser process for {args!r} failed: {msg[1]}")
            yield from msg
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)

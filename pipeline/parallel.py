"""Overlap parsing with storing: run a producer generator in a child process, consume it here.

A big MEDLINE file is parse-bound in one process and write-bound in the other; on two or more cores the
two halves run side by side. Items travel in pickled chunks through a pipe whose only write end the child
holds, so its death reads as the end of the pipe. A sender thread in the child lets it work up to ``depth``
chunks ahead of the consumer (memory stays bounded).
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import pickle
import queue
import threading
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


def _produce(conn, fn: Callable, args: tuple, chunk: int, depth: int) -> None:
    # a producer makes many short-lived objects and few cycles: leave the imported modules out of
    # collections and collect the young generation less often (a tenth of the parse time otherwise)
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    out: queue.Queue = queue.Queue(maxsize=depth)
    sender = threading.Thread(target=_send_all, args=(conn, out), daemon=True)
    sender.start()
    batch: list = []
    try:
        for item in fn(*args):
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


def in_subprocess(fn: Callable[..., Iterator], *args, chunk: int = 500, depth: int = 4) -> Iterator:
    """Yield what ``fn(*args)`` yields, computed in a child process (``fn`` must be importable).

    Raises WorkerError when the child dies (killed, out of memory) or ``fn`` raises; what it yielded
    before has been yielded here."""
    what = f"{fn.__name__}({', '.join(map(repr, args))})"
    ctx = mp.get_context("spawn")  # not fork: the parent may hold threads and database connections
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_produce, args=(writer, fn, args, chunk, depth), daemon=True)
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

"""Run every benchmark (``benchmarks/bench_*.py``), each in its own process, and print all their figures.

Each benchmark declares the figures it prints in ``FIGURES``. One that fails (an error, an exit status other
than 0, no result within ``--timeout``, or a declared figure not printed) shows its error and then
``<figure>: FAILED`` for every declared figure it did not print; the benchmarks after it still run. The exit
status is 1 when any benchmark failed, else 0.

    python benchmarks/run_all.py [--timeout SECONDS] [bench_pdf ...]
"""
from __future__ import annotations

import argparse
import ast
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT_S = 1800  # the slowest benchmark takes a few minutes on a busy two-core machine


def declared_figures(path: Path) -> list[str]:
    """The ``FIGURES`` tuple of a benchmark, read from its source (importing it would load what it measures)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "FIGURES" for t in node.targets):
            return list(ast.literal_eval(node.value))
    return []


def run(path: Path, timeout: float) -> bool:
    """Run one benchmark; print its output, and ``<figure>: FAILED`` lines when it fails. True if it passed."""
    print(f"== {path.relative_to(HERE.parent)}", flush=True)
    # its own session, so a timeout can stop the benchmark together with the processes it started, and its
    # own temporary folder, deleted afterwards even when the benchmark was stopped before cleaning up
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True, cwd=HERE.parent,
                                env={**os.environ, "TMPDIR": tmp}, start_new_session=True)  # stderr goes through
        try:
            out, _ = proc.communicate(timeout=timeout)
            error = f"exit status {proc.returncode}" if proc.returncode else None
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            error = f"no result within {timeout:.0f} s (--timeout)"
    print(out, end="", flush=True)
    printed = {line.split(":", 1)[0].strip() for line in out.splitlines() if ":" in line}
    missing = [name for name in declared_figures(path) if name not in printed]
    if error is None and not missing:
        return True
    print(f"{path.name} failed: {error or 'figures missing from its output'}", file=sys.stderr, flush=True)
    for name in missing or [path.stem]:
        print(f"{name}: FAILED", flush=True)
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds one benchmark may take")
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: every bench_*.py)")
    args = ap.parse_args(argv)
    paths = [HERE / f"{n.removesuffix('.py')}.py" for n in args.names] or sorted(HERE.glob("bench_*.py"))
    for path in paths:
        if not path.exists():
            ap.error(f"no benchmark {path}: the names are those of benchmarks/bench_*.py")
    failed = [p.stem for p in paths if not run(p, args.timeout)]
    if failed:
        print(f"benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

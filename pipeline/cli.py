"""The ``evidence`` command: a thin layer over pipeline functions. Every command has --help."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.errors import EvidenceError
from pipeline.settings import DEFAULT_DB_URL, Settings

EXIT_FAILED, EXIT_PARTIAL = 1, 3


def _store(ctx: click.Context):
    from pipeline.store import Store

    obj = ctx.find_root().obj
    if "store" not in obj:
        obj["store"] = Store(obj["db"])
        ctx.call_on_close(obj["store"].close)
    return obj["store"]


class _Progress:
    """A record counter on stderr while a long ingest runs (silent when stderr is not a terminal)."""

    def __init__(self, label: str, total: int | None = None, unit: str = " records"):
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=None, leave=False)

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


def _report(result, what: str) -> None:
    c = result.counts
    click.echo(f"run {result.run_id} ({what}): {result.status}; seen {c['seen']}, new {c['new']}, "
               f"updated {c['updated']}, unchanged {c['unchanged']}, linked {c['linked']}, "
               f"deleted {c['deleted']}, failed {c['failed']}")
    for f in result.failures[:20]:
        click.echo(f"  failed: {f}", err=True)
    if len(result.failures) > 20:
        click.echo(f"  ... and {len(result.failures) - 20} more (evidence runs show {result.run_id})", err=True)
    if result.error:
        raise click.ClickException(f"{result.error} (run {result.run_id}; see 'evidence runs {result.run_id}')")
    if result.status == "partial":
        sys.exit(EXIT_PARTIAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="EVIDENCE_DB_URL", default=DEFAULT_DB_URL, show_default=True,
              help="Database URL: sqlite:///path.db or postgresql+psycopg://user@host/db (env EVIDENCE_DB_URL).")
@click.version_option(package_name="evidence-pipeline")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """Ingest oncology literature into an evidence store and extract per-arm efficacy evidence.

    Exit status: 0 success, 1 the command failed, 2 usage error, 3 partly done (some inputs failed;
    they are listed and recorded with the run).
    """
    ctx.obj = {"db": db}




# ---- db -------------------------------------------------------------------------------------------------
@main.group()
def db() -> None:
    """Manage the store's schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to upgrade to.")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Create or migrate the store's tables (Alembic)."""
    from pipeline.store import Store, upgrade

    with _errors():
        store = Store(ctx.find_root().obj["db"], migrate=False)
        upgrade(store.engine, revision)
        store.close()
    click.echo(f"database at {revision}: {ctx.find_root().obj['db']}")


# ---- ingest ---------------------------------------------------------------------------------------------
@main.group()
def ingest() -> None:
    """Bring documents into the store (re-running never duplicates)."""


@ingest.command("xml")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def ingest_xml(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Ingest MEDLINE / PubmedArticleSet XML FILES (.xml or .xml.gz)."""
    from pipeline import ingest as ing

    with _errors():
        bar = _Progress("parsing")
        try:
            result = ing.ingest_xml(_store(ctx), files, progress=bar)
        finally:
            bar.close()
    _report(result, f"{len(files)} XML file(s)")


@ingest.command("text")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def ingest_text(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Ingest plain-text documents (one per file), keeping the ids the text carries (DOI, PMID, NCT ...)."""
    from pipeline import ingest as ing

    with _errors():
        result = ing.ingest_text(_store(ctx), files)
    _report(result, f"{len(files)} text file(s)")


@ingest.command("pubmed")
@click.option("--query", "-q", help="PubMed search query, e.g. 'temozolomide AND neuroendocrine'.")
@click.option("--mindate", help="Earliest publication date, YYYY or YYYY/MM/DD.")
@click.option("--maxdate", help="Latest publication date, YYYY or YYYY/MM/DD.")
@click.option("--max", "max_records", type=click.IntRange(min=1), help="Fetch at most this many records.")
@click.option("--pmids", help="Comma-separated PMIDs to fetch, e.g. 22778320,30275226.")
@click.option("--pmid-file", type=click.File("r"), help="File of PMIDs, one per line (or comma separated).")
@click.option("--email", envvar="EVIDENCE_ENTREZ_EMAIL", help="Your email for NCBI (env EVIDENCE_ENTREZ_EMAIL).")
@click.option("--api-key", envvar="EVIDENCE_ENTREZ_API_KEY", help="NCBI API key (env EVIDENCE_ENTREZ_API_KEY).")
@click.pass_context
def ingest_pubmed(ctx, query, mindate, maxdate, max_records, pmids, pmid_file, email, api_key) -> None:
    """Fetch PubMed records by --query or by --pmids / --pmid-file, and store them.

    The E-utilities address is the setting EVIDENCE_EUTILS_BASE_URL.
    """
    from pipeline import ingest as ing

    if bool(query) == bool(pmids or pmid_file):
        raise click.UsageError("give either --query or --pmids / --pmid-file")
    if (mindate or maxdate or max_records) and not query:
        raise click.UsageError("--mindate, --maxdate and --max go with --query")
    settings = Settings.from_env(entrez_email=email, entrez_api_key=api_key)
    with _errors():
        bar = _Progress("fetching")
        try:
            if query:
                result = ing.ingest_query(_store(ctx), query, mindate=mindate, maxdate=maxdate,
                                          max_records=max_records, settings=settings, progress=bar)
            else:
                ids = ing.parse_pmids(",".join(filter(None, [pmids, pmid_file.read() if pmid_file else None])))
                result = ing.ingest_pmids(_store(ctx), ids, settings=settings, progress=bar)
        finally:
            bar.close()
    _report(result, "PubMed")


# ---- reading --------------------------------------------------------------------------------------------
@main.command()
@click.argument("ident")
@click.option("--json", "as_json", is_flag=True, help="Print the stored document as JSON.")
@click.pass_context
def show(ctx: click.Context, ident: str, as_json: bool) -> None:
    """Show one stored document by PMID, DOI, PMCID or #store-id."""
    from schemas.document import Document

    with _errors():
        row = _store(ctx).get(ident)
    if row is None:
        raise click.ClickException(f"no document {ident!r} in the store; try 'evidence stats' or another id")
    if as_json:
        click.echo(json.dumps({"id": row.id, "version": row.version, "deleted": row.deleted,
                               "payload_hashes": [p.content_hash for p in row.payloads], **row.data},
                              indent=2, ensure_ascii=False))
        return
    doc = Document.model_validate(row.data)
    ids = ", ".join(f"{k} {v}" for k, v in (("PMID", row.pmid), ("DOI", row.doi), ("PMCID", row.pmcid)) if v)
    click.echo(f"#{row.id}  {doc.title or '(no title)'}")
    click.echo(f"    {ids or 'no ids'}; {doc.journal or 'journal unknown'} {doc.year or ''}".rstrip())
    if doc.registry_ids:
        click.echo(f"    registry: {', '.join(doc.registry_ids)}")
    if doc.authors:
        names = [a.display for a in doc.authors]
        click.echo(f"    authors: {', '.join(names[:6])}{' et al.' if len(names) > 6 else ''}")
    if doc.publication_types:
        click.echo(f"    types: {'; '.join(doc.publication_types)}")
    click.echo(f"    source: {row.source}; version {row.version}; {len(row.payloads)} payload(s)"
               f"{'; DELETED by PubMed' if row.deleted else ''}")
    for section in doc.abstract:
        click.echo()
        click.echo(click.wrap_text(f"{section.label + ': ' if section.label else ''}{section.text}",
                                   width=100, initial_indent="  ", subsequent_indent="  "))
    if doc.mesh_terms:
        click.echo()
        click.echo(f"  MeSH: {'; '.join(m.descriptor + ('*' if m.major else '') for m in doc.mesh_terms)}")
    findings = _store(ctx).findings(row.id)
    if findings:
        click.echo()
        click.echo(f"  findings ({findings[0].extractor} {findings[0].extractor_version}):")
        for f in findings:
            value = "not reached" if f.not_reached else f"{f.value:g}" if f.value is not None else "?"
            ci = f" (95% CI {f.ci_low:g}-{f.ci_high:g})" if f.ci_low is not None and f.ci_high is not None else ""
            where = f.arm or "document"
            where += f" / {f.subgroup}" if f.subgroup else ""
            tp = f" at {f.timepoint_months:g} m" if f.timepoint_months is not None else ""
            span = doc.abstract_text[f.evidence_start:f.evidence_end]
            click.echo(f"    {f.metric:<11} {value:>8} {f.unit:<8}{tp}{ci}  [{where}]  conf {f.confidence:.2f}"
                       f"  \"{span}\" @{f.evidence_start}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the store holds."""
    with _errors():
        s = _store(ctx).stats()
    if as_json:
        click.echo(json.dumps(s, indent=2, default=str))
        return
    for key, value in s.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
        click.echo(f"{key}: {value}")


# ---- extraction ---------------------------------------------------------------------------------------
@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Re-extract every document, not only pending ones.")
@click.option("--input", "input_path", type=click.Path(dir_okay=False, path_type=Path),
              help='JSONL batch of {"id","title","abstract"} to extract without any database.')
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --input writes its arm summaries (JSONL).")
@click.pass_context
def extract(ctx, ids, everything, input_path, output_path) -> None:
    """Extract arms, N and ORR / DCR / PFS / OS from stored documents, with evidence and confidence.

    With no IDS: the documents not yet extracted with the current extractor version (or changed since).
    With --input/--output: read a JSONL batch and write arm summaries, touching no database.
    """
    from pipeline import extract as ex

    if bool(input_path) != bool(output_path):
        raise click.UsageError("--input and --output go together")
    if input_path:
        if ids or everything:
            raise click.UsageError("IDS and --all are for stored documents, not for --input")
        with _errors():
            bar = _Progress("extracting", unit=" docs")
            try:
                result = ex.extract_jsonl(input_path, output_path, progress=bar)
            finally:
                bar.close()
        for err in result.errors:
            click.echo(f"skipped: {err}", err=True)
        click.echo(f"wrote {result.written} arm summaries to {output_path}"
                   f"{f'; {len(result.errors)} bad line(s) skipped' if result.errors else ''}")
        if result.errors:
            sys.exit(EXIT_PARTIAL if result.written else EXIT_FAILED)
        return
    with _errors():
        bar = _Progress("extracting", unit=" docs")
        try:
            result = ex.extract_documents(_store(ctx), ids=list(ids), everything=everything, progress=bar)
        finally:
            bar.close()
    metrics = ", ".join(f"{k} {v}" for k, v in sorted(result.by_metric.items())) or "none"
    click.echo(f"extracted {result.documents} document(s): {result.findings} findings ({metrics})")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md", show_default=True)
@click.option("--query", help="Keep rows whose regimen, author or title contains this text.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file, not stdout.")
@click.pass_context
def table(ctx, fmt: str, query: str | None, out: Path | None) -> None:
    """The evidence table: one row per study arm (author, year, phase, N, regimen, ORR, DCR, mPFS, mOS, source)."""
    from pipeline import report

    with _errors():
        rows = report.arm_rows(_store(ctx).extractions())
    if query:
        q = query.lower()
        rows = [r for r in rows if any(q in str(r[k] or "").lower() for k in ("regimen", "author", "title"))]
    text = report.to_markdown(rows) if fmt == "md" else report.to_csv(rows)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(rows)} rows to {out}")
    else:
        click.echo(text, nl=False)


@main.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show at most this many.")
@click.pass_context
def list_documents(ctx: click.Context, limit: int) -> None:
    """List stored documents: store id, PMID / DOI, year, source and title."""
    with _errors():
        rows = _store(ctx).documents(limit)
    for row in rows:
        ident = f"PMID {row.pmid}" if row.pmid else (f"DOI {row.doi}" if row.doi else "no id")
        title = (row.title or "(no title)")[:70]
        click.echo(f"#{row.id:<5} {ident:<34} {row.year or '':<5} {row.source:<8} {title}")


@main.command()
@click.argument("run_id", required=False, type=int)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many recent runs.")
@click.pass_context
def runs(ctx: click.Context, run_id: int | None, limit: int) -> None:
    """Recent ingestion runs with their counts; give RUN_ID to see that run's failures."""
    with _errors():
        rows = _store(ctx).runs(limit, run_id)
    if run_id is not None and not rows:
        raise click.ClickException(f"no run {run_id}; 'evidence runs' lists the recent ones")
    for r in rows:
        counts = ", ".join(f"{k} {v}" for k, v in (r.counts or {}).items())
        click.echo(f"run {r.id} {r.kind} {r.status} {r.started_at:%Y-%m-%d %H:%M:%S}: {counts}")
        click.echo(f"    asked: {json.dumps(r.request, ensure_ascii=False)}")
        if r.error:
            click.echo(f"    error: {r.error}")
        for f in r.failures if run_id is not None else r.failures[:3]:
            click.echo(f"    failed: {f.source}{', ' + f.position if f.position else ''}: {f.reason}")
        if run_id is None and len(r.failures) > 3:
            click.echo(f"    ... {len(r.failures) - 3} more: evidence runs {r.id}")


class _errors:
    """Turn pipeline errors into one-line CLI errors (exit 1)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and isinstance(exc, EvidenceError):
            raise click.ClickException(str(exc)) from exc
        return False

"""The ``evidence`` command: a thin layer over pipeline functions. Every command has --help."""
from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from pipeline.errors import DatabaseURLError, EvidenceError
from pipeline.settings import DEFAULT_DB_URL, Settings
from schemas.metrics import METRICS

EXIT_FAILED, EXIT_PARTIAL = 1, 3


def _settings(ctx: click.Context) -> Settings:
    """The settings of this command: read from the environment once (--db over EVIDENCE_DB_URL) and passed down to
    every pipeline function it calls."""
    obj = ctx.find_root().obj
    if "settings" not in obj:
        obj["settings"] = Settings.from_env(db_url=obj["db"])
    return obj["settings"]


def _store(ctx: click.Context):
    from pipeline.store import Store

    obj = ctx.find_root().obj
    if "store" not in obj:
        obj["store"] = Store(obj["db"], settings=_settings(ctx))
        ctx.call_on_close(obj["store"].close)
    return obj["store"]


class _Progress:
    """A record counter on stderr while a long ingest runs (silent when stderr is not a terminal)."""

    def __init__(self, label: str, total: int | None = None, unit: str = " records"):
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=None, leave=False)

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()


def _report(result, what: str) -> None:
    c = result.counts
    click.echo(f"run {result.run_id} ({what}): {result.status}; seen {c['seen']}, new {c['new']}, "
               f"updated {c['updated']}, unchanged {c['unchanged']}, linked {c['linked']}, "
               f"deleted {c['deleted']}, failed {c['failed']}"
               + (f", stored with a conflict {c['conflicts']}" if c.get("conflicts") else ""))
    for f in result.failures[:20]:  # a conflict's record was stored: its reason starts with what the conflict is
        click.echo(f"  {'conflict' if f.reason.startswith('DOI conflict') else 'failed'}: {f}", err=True)
    if len(result.failures) > 20:
        click.echo(f"  ... and {len(result.failures) - 20} more (evidence runs show {result.run_id})", err=True)
    if result.error:
        raise click.ClickException(f"{result.error} (run {result.run_id}; see 'evidence runs {result.run_id}')")
    if result.status == "partial":
        sys.exit(EXIT_PARTIAL)


class _Main(click.Group):
    """The ``evidence`` group: an error from the store or the pipeline in any command is one line, never a
    traceback (``_errors``, around every command; commands need not add it)."""

    def invoke(self, ctx: click.Context):
        with _errors(ctx):
            return super().invoke(ctx)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="EVIDENCE_DB_URL", default=DEFAULT_DB_URL, show_default=True,
              help="Database URL: sqlite:///path.db or postgresql+psycopg://user@host/db (env EVIDENCE_DB_URL).")
@click.version_option(package_name="evidence-pipeline")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """Ingest oncology literature into an evidence store and extract per-arm efficacy evidence.

    Exit status: 0 success, 1 the command failed, 2 usage error (also a --db URL that is malformed or names
    a database without a driver), 3 partly done (some inputs failed; they are listed and recorded with the run).
    """
    ctx.obj = {"db": db}
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings say nothing a user can act on




# ---- db -------------------------------------------------------------------------------------------------
@main.group()
def db() -> None:
    """Manage the store's schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to upgrade to.")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Create or migrate the store's tables (Alembic)."""
    from pipeline.store import Store, display_url, upgrade

    store = Store(ctx.find_root().obj["db"], migrate=False, settings=_settings(ctx))
    upgrade(store.engine, revision)
    store.close()
    click.echo(f"database at {revision}: {display_url(ctx.find_root().obj['db'])}")


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

    with _Progress("parsing") as bar:
        result = ing.ingest_xml(_store(ctx), files, settings=_settings(ctx), progress=bar)
    _report(result, f"{len(files)} XML file(s)")


@ingest.command("text")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def ingest_text(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Ingest plain-text documents (one per file), keeping the ids the text carries (DOI, PMID, NCT ...)."""
    from pipeline import ingest as ing

    result = ing.ingest_text(_store(ctx), files, settings=_settings(ctx))
    _report(result, f"{len(files)} text file(s)")


@ingest.command("pdf")
@click.argument("sources", nargs=-1, required=True)
@click.pass_context
def ingest_pdf(ctx: click.Context, sources: tuple[str, ...]) -> None:
    """Ingest PDFs: files, folders (searched for *.pdf) or http(s) URLs (downloaded once, cached on disk).

    The text is read in reading order with its sections and ids; a PDF whose DOI or PMID matches a stored
    PubMed record is linked to it. Bad PDFs (encrypted, truncated, image-only, not a PDF, too large) are
    reported and recorded; the rest go on.
    """
    from pipeline import ingest as ing

    with _Progress("reading PDFs", unit=" PDFs") as bar:
        result = ing.ingest_pdf(_store(ctx), sources, settings=_settings(ctx), progress=bar)
    _report(result, f"{len(sources)} PDF source(s)")


@main.group()
def pdf() -> None:
    """Look inside PDFs without storing them."""


@pdf.command("tables")
@click.argument("sources", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="JSONL file: one line per table row and arm (with --grid: one line per table and page).")
@click.option("--grid", is_flag=True,
              help='Write each table found as a plain grid, {"file", "page", "bbox", "rows"}, instead of rows.')
@click.pass_context
def pdf_tables(ctx: click.Context, sources: tuple[str, ...], output: Path, grid: bool) -> None:
    """Write every row of every results table in SOURCES (PDF files, folders or URLs) as JSON lines, one per row
    and arm, with page and cell bounding boxes as evidence. With --grid, write every table of any kind as its grid
    of cell texts. A PDF that cannot be read is reported and the others go on (exit status 3)."""
    from pipeline.pdf import parse_many, table_grids, table_rows

    results = parse_many(sources, settings=_settings(ctx))
    n_lines = n_tables = 0
    failed = []
    with open(output, "w", encoding="utf-8") as fh:
        for res in results:
            if not res["ok"]:
                failed.append(res)
                click.echo(f"failed: {res['message']}", err=True)
                continue
            parsed = res["parsed"]
            for w in parsed.warnings:
                click.echo(f"warning: {w.message}", err=True)
            lines = table_grids(parsed) if grid else table_rows(parsed)
            for line in lines:
                fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            n_lines += len(lines)
            n_tables += len(parsed.tables)
    what = "grids" if grid else "rows"
    n_ok = len(results) - len(failed)
    click.echo(f"wrote {n_lines} {what} from {n_tables} table(s) of {n_ok} PDF(s) to {output}"
               + (f"; {len(failed)} PDF(s) failed" if failed else ""))
    if failed:
        sys.exit(EXIT_FAILED if not n_ok else EXIT_PARTIAL)


@ingest.command("pubmed")
@click.option("--query", "-q", help="PubMed search query, e.g. 'temozolomide AND neuroendocrine'.")
@click.option("--mindate", help="Earliest publication date, YYYY or YYYY/MM/DD.")
@click.option("--maxdate", help="Latest publication date, YYYY or YYYY/MM/DD.")
@click.option("--max", "max_records", type=click.IntRange(min=1), help="Fetch at most this many records.")
@click.option("--new", "new_only", is_flag=True,
              help="Only what PubMed added since the last --new run of this query (its watermark), up to today.")
@click.option("--pmids", help="Comma-separated PMIDs to fetch, e.g. 22778320,30275226.")
@click.option("--pmid-file", type=click.File("r"), help="File of PMIDs, one per line (or comma separated).")
@click.option("--email", envvar="EVIDENCE_ENTREZ_EMAIL", help="Your email for NCBI (env EVIDENCE_ENTREZ_EMAIL).")
@click.option("--api-key", envvar="EVIDENCE_ENTREZ_API_KEY", help="NCBI API key (env EVIDENCE_ENTREZ_API_KEY).")
@click.pass_context
def ingest_pubmed(ctx, query, mindate, maxdate, max_records, new_only, pmids, pmid_file, email, api_key) -> None:
    """Fetch PubMed records by --query or by --pmids / --pmid-file, and store them.

    The E-utilities address is the setting EVIDENCE_EUTILS_BASE_URL.
    """
    from pipeline import ingest as ing

    if bool(query) == bool(pmids or pmid_file):
        raise click.UsageError("give either --query or --pmids / --pmid-file")
    if (mindate or maxdate or max_records or new_only) and not query:
        raise click.UsageError("--mindate, --maxdate, --max and --new go with --query")
    if new_only and maxdate:
        raise click.UsageError("--new fetches up to today; leave out --maxdate")
    given = {"entrez_email": email, "entrez_api_key": api_key}
    settings = _settings(ctx).model_copy(update={k: v for k, v in given.items() if v is not None})
    with _Progress("fetching") as bar:
        if query:
            result = ing.ingest_query(_store(ctx), query, mindate=mindate, maxdate=maxdate,
                                      max_records=max_records, new_only=new_only, settings=settings,
                                      progress=bar)
        else:
            ids = ing.parse_pmids(",".join(filter(None, [pmids, pmid_file.read() if pmid_file else None])))
            result = ing.ingest_pmids(_store(ctx), ids, settings=settings, progress=bar)
    _report(result, "PubMed")


# ---- reading --------------------------------------------------------------------------------------------
@main.command()
@click.argument("ident")
@click.option("--json", "as_json", is_flag=True, help="Print the stored document and its values as JSON.")
@click.pass_context
def show(ctx: click.Context, ident: str, as_json: bool) -> None:
    """Show one stored document by PMID, DOI, PMCID or #store-id, with its values: each one's evidence,
    status (and reasons), the curator's decision and curated value, and its audit trail."""
    from pipeline import review as rv
    from schemas.document import Document

    row = _store(ctx).get(ident)
    if row is not None:
        findings = _store(ctx).findings(row.id)
        trails = rv.audit_trails(_store(ctx), findings)
    if row is None:
        raise click.ClickException(f"no document {ident!r} in the store; try 'evidence stats' or another id")
    if as_json:
        values = [rv.value_record(f, trails.get(f.item_id, [])) for f in findings]
        click.echo(json.dumps({"id": row.id, "version": row.version, "deleted": row.deleted,
                               "payload_hashes": [p.content_hash for p in row.payloads], **row.data,
                               "values": values}, indent=2, ensure_ascii=False))
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
    if findings:
        click.echo()
        extractors_seen = sorted({f"{f.extractor} {f.extractor_version}" for f in findings})
        click.echo(f"  findings ({', '.join(extractors_seen)}):")
        for f in findings:
            value = "not reached" if f.not_reached else f"{f.value:g}" if f.value is not None else "?"
            ci = f" (95% CI {f.ci_low:g}-{f.ci_high:g})" if f.ci_low is not None and f.ci_high is not None else ""
            where = f.arm or "document"
            where += f" / {f.subgroup}" if f.subgroup else ""
            tp = f" at {f.timepoint_months:g} m" if f.timepoint_months is not None else ""
            if f.source_field == "abstract":
                span = doc.abstract_text[f.evidence_start:f.evidence_end]
            elif f.source_field == "body":
                span = (doc.body or "")[f.evidence_start:f.evidence_end]
            else:  # a table cell: the row is the evidence text
                span = f.evidence_text[f.evidence_start:f.evidence_end]
            place = f"{f.location}, p. {f.page}" if f.page else f"{f.source_field} @{f.evidence_start}"
            click.echo(f"    {f.metric:<11} {value:>8} {f.unit:<8}{tp}{ci}  [{where}]  conf {f.confidence:.2f}"
                       f"  \"{span}\" ({place})")
            click.echo(f"      {rv.review_state_text(f)}")
            for a in trails.get(f.item_id, []):
                click.echo(f"      audit {rv.audit_text(a)}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the store holds."""
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
        with _Progress("extracting", unit=" docs") as bar:
            result = ex.extract_jsonl(input_path, output_path, progress=bar, settings=_settings(ctx))
        for err in result.errors:
            click.echo(f"skipped: {err}", err=True)
        click.echo(f"wrote {result.written} arm summaries to {output_path}"
                   f"{f'; {len(result.errors)} bad line(s) skipped' if result.errors else ''}")
        if result.errors:
            sys.exit(EXIT_PARTIAL if result.written else EXIT_FAILED)
        return
    with _Progress("extracting", unit=" docs") as bar:
        result = ex.extract_documents(_store(ctx), ids=list(ids), everything=everything or bool(ids), progress=bar,
                                      settings=_settings(ctx))
    metrics = ", ".join(f"{k} {v}" for k, v in sorted(result.by_metric.items())) or "none"
    click.echo(f"extracted {result.documents} document(s): {result.findings} findings ({metrics}); "
               f"{result.queued} queued for review")
    for f in result.failures[:20]:
        click.echo(f"  failed: {f}", err=True)
    if result.studies:
        st = result.studies
        click.echo(f"studies {st['studies']}: review table rows linked to their paper {st.get('linked', 0)}, doubtful "
                   f"{st.get('doubtful', 0)}, paper not in the store {st.get('unlinked', 0)}; values agreeing "
                   f"{st.get('agrees', 0)}, disagreeing {st.get('disagrees', 0)} (evidence crosscheck)")
    if result.failures:
        click.echo(f"{len(result.failures)} document(s) failed (run {result.run_id}; see 'evidence runs {result.run_id}'): "
                   "the extractor raised on them; they stay pending", err=True)
        sys.exit(EXIT_PARTIAL if result.documents else EXIT_FAILED)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "xlsx", "html"]), default="md", show_default=True,
              help="md and csv print to stdout unless --out is given; xlsx and html need --out.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["accepted", "curated", "needs_review", "rejected"]),
              help="Keep values with this status (repeatable). 'accepted' keeps accepted and curated values; "
                   "default: all but rejected.")
@click.option("--query", help="Keep rows whose regimen (or its drugs), author, title or source contains this text.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file, not stdout.")
@click.pass_context
def table(ctx, fmt: str, statuses: tuple[str, ...], query: str | None, out: Path | None) -> None:
    """The evidence table: one row per study arm (author, year, phase, N, regimen, ORR, DCR, mPFS, mOS), with
    its source (PMID / DOI, abstract sentences) and status. The HTML page shows each value's evidence sentence."""
    from pipeline import report

    if fmt in ("xlsx", "html") and out is None:
        raise click.UsageError(f"--format {fmt} writes a file: give --out FILE")
    if out is not None and not out.parent.exists():
        raise click.ClickException(f"{out}: folder {out.parent} does not exist; create it or choose another --out")
    rows = report.evidence_rows(_store(ctx).evidence(), statuses=report.status_set(statuses), query=query)
    text = report.write_table(rows, fmt, out)
    if out:
        click.echo(f"wrote {len(rows)} rows to {out}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("review_id", required=False)
@click.pass_context
def crosscheck(ctx, review_id: str | None) -> None:
    """Check a review's tables against the trials' own papers. For each row of the results tables of REVIEW_ID
    (a PMID, DOI or #store-id; without it, every review in the store): the study it was linked to and how (or
    why not), and per value: agrees (and at which level of the paper: the whole arm or a subgroup), DISAGREES
    (with both values and where each is) or not in the paper."""
    from pipeline import link

    store = _store(ctx)
    row = store.get(review_id) if review_id else None
    if review_id and row is None:
        raise click.ClickException(f"no document {review_id!r} in the store; 'evidence list' shows what is there")
    lines = link.crosscheck_lines(link.plan(store.evidence()), row.id if row else None)
    if not lines:
        where = f"{review_id} has" if review_id else "the store has"
        raise click.ClickException(f"{where} no review table rows to check: ingest a review's PDF ('evidence ingest "
                                   "pdf FILE'), then 'evidence extract'")
    click.echo("\n".join(lines))


# ---- review ---------------------------------------------------------------------------------------------
@main.group()
def review() -> None:
    """The review queue: export values to review to a spreadsheet, import the curators' decisions."""


@review.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]),
              help="File format (default: from the --out file name).")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["needs_review", "accepted", "curated", "rejected", "all"]),
              help="Export values with this status (repeatable; default needs_review, 'all' for every value).")
@click.option("--metric", "metrics", multiple=True, type=click.Choice(sorted(METRICS)),
              help="Only this metric (repeatable).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
              help="Only values changed since this date (UTC), e.g. 2026-11-01.")
@click.option("--limit", type=click.IntRange(min=1), help="Export at most this many values.")
@click.pass_context
def review_export(ctx, out: Path, fmt: str | None, statuses, metrics, since, limit) -> None:
    """Write the review queue (CSV, XLSX or JSON) for curators to fill decision (accept, correct, reject),
    corrected_value, reviewer and note; then 'evidence review import FILE'."""
    from datetime import timezone

    from pipeline import review as rv

    chosen = None if "all" in statuses else (tuple(statuses) or ("needs_review",))
    result = rv.export_queue(_store(ctx), out, fmt, statuses=chosen, metrics=list(metrics) or None,
                             since=since.replace(tzinfo=timezone.utc) if since else None, limit=limit)
    click.echo(f"wrote {result.items} review item(s) to {result.path} ({result.format})")


@review.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and print what would change; change nothing.")
@click.option("--reviewer", help="Reviewer for rows whose reviewer column is empty.")
@click.pass_context
def review_import(ctx, file: Path, dry_run: bool, reviewer: str | None) -> None:
    """Apply the decisions of an exported and filled FILE (.csv, .xlsx or .json): all of them or, if any
    row is bad or stale, none (every bad row is listed with the reason)."""
    from pipeline import review as rv

    result = rv.import_decisions(_store(ctx), file, dry_run=dry_run, reviewer=reviewer, settings=_settings(ctx))
    for change in result.changes:
        click.echo(f"{'would ' if dry_run or result.problems else ''}{change}")
    for problem in result.problems:
        click.echo(f"bad: {problem}", err=True)
    c = result.counts
    summary = (f"{c['accept']} accept, {c['correct']} correct, {c['reject']} reject; "
               f"{c['unchanged']} already decided, {c['undecided']} undecided")
    if result.problems:
        raise click.ClickException(f"{file}: {len(result.problems)} bad row(s), nothing was imported; "
                                   f"fix the rows listed above and import again")
    if dry_run:
        click.echo(f"dry run, nothing changed: {file}: {summary}")
    elif not result.applied:
        click.echo(f"nothing to import: {file}: {summary}")
    else:
        click.echo(f"imported {file}" + (f" (import {result.import_id})" if result.import_id else "") + f": {summary}")


@main.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show at most this many.")
@click.pass_context
def list_documents(ctx: click.Context, limit: int) -> None:
    """List stored documents: store id, PMID / DOI, year, source and title."""
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


# ---- flows ----------------------------------------------------------------------------------------------
@main.group("flows")
def flows_group() -> None:
    """Prefect flows: scheduled query runs, one-off ingestion, review exports (see README)."""


@contextmanager
def _flows_store(ctx: click.Context):
    """The flows read the store from EVIDENCE_DB_URL, never from a flow parameter (Prefect records parameters,
    and a URL may hold a password): --db is passed on through the environment while the command runs."""
    db, before = ctx.find_root().obj["db"], os.environ.get("EVIDENCE_DB_URL")
    os.environ["EVIDENCE_DB_URL"] = db
    try:
        yield db
    finally:
        if before is None:
            os.environ.pop("EVIDENCE_DB_URL", None)
        else:
            os.environ["EVIDENCE_DB_URL"] = before


@flows_group.command("list")
@click.pass_context
def flows_list(ctx: click.Context) -> None:
    """Show the deployments 'evidence flows serve' would start, with their schedules (a dry run)."""
    from flows.deploy import deployments
    from pipeline.store import display_url

    with _flows_store(ctx) as db:
        click.echo(f"store: {display_url(db)}")
        for d in deployments(_settings(ctx)):
            crons = ", ".join(s.schedule.cron for s in d.schedules)
            click.echo(f"{d.name}: flow {d.flow_name}, cron {crons}, parameters {json.dumps(d.parameters)}")


@flows_group.command("serve")
@click.pass_context
def flows_serve(ctx: click.Context) -> None:
    """Serve the scheduled deployments until stopped (Ctrl-C). Needs a Prefect API (PREFECT_API_URL) or
    starts a temporary one."""
    from flows.deploy import serve

    with _flows_store(ctx):
        serve(_settings(ctx))


@flows_group.command("papers")
@click.option("--pmids", help="Comma-separated PMIDs.")
@click.option("--doi", "dois", multiple=True, help="A DOI to find in PubMed (repeatable).")
@click.option("--pdf", "pdfs", multiple=True, help="A PDF file, folder or http(s) URL (repeatable).")
@click.option("--xml", "xml_files", multiple=True, type=click.Path(dir_okay=False), help="A MEDLINE XML file (repeatable).")
@click.option("--text", "text_files", multiple=True, type=click.Path(dir_okay=False), help="A text file (repeatable).")
@click.pass_context
def flows_papers(ctx, pmids, dois, pdfs, xml_files, text_files) -> None:
    """Run the one-off ingest-papers flow now: fetch / parse / store the given papers, then extract."""
    from flows.flows import ingest_papers, run
    from pipeline import ingest as ing

    if not (pmids or dois or pdfs or xml_files or text_files):
        raise click.UsageError("give papers: --pmids, --doi, --pdf, --xml or --text")
    with _flows_store(ctx):
        ids = ing.parse_pmids(pmids) if pmids else []
        result = run(ingest_papers, settings=_settings(ctx), pmids=ids, dois=list(dois), pdfs=list(pdfs),
                     xml_files=list(xml_files), text_files=list(text_files))
    click.echo(json.dumps(result))


class _errors:
    """Turn pipeline and database errors into one-line CLI errors: exit 2 for a --db URL that cannot be used
    (a usage error), else 1. A database error names the URL with its password hidden."""

    def __init__(self, ctx: click.Context):
        self.ctx = ctx

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None:
            return False
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            from pipeline.store import store_error

            exc = store_error(self.ctx.find_root().params["db"], exc)
        if isinstance(exc, EvidenceError):
            error = click.ClickException(str(exc))
            error.exit_code = 2 if isinstance(exc, DatabaseURLError) else EXIT_FAILED
            raise error from exc
        return False

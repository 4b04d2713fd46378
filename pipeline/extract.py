"""Run the extractors over stored documents (or over a JSONL batch), validate what they find, and keep it.

``extract_documents`` reads the documents not yet extracted with the current extractor version (or whose
content changed since), runs ``extractors.analyze`` on title + abstract (and the tables on a PDF's grids),
validates each document's findings (``validated``: ``pipeline.validate`` over the values as the store will keep
them, curators' decisions included) and hands them to the store with their reasons (``save_findings``), with
their evidence and the arm summary. Re-running it changes nothing; a new extractor version updates the same
findings in place (a finding is named by its arm, subgroup, metric and timepoint).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.store import Store, StoredValues, finding_values, status_after_extraction
from pipeline.validate import Fact, Planned, validate_document, validate_values
from schemas.document import Document, FailedItem
from schemas.fact_key import FactKey
from schemas.findings import Finding
from schemas.metrics import METRICS
from schemas.review import Reason

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
BATCH = 50  # documents per transaction
DOCUMENT_METRICS = tuple(m.name for m in METRICS.values() if m.document_level)


@dataclass
class ExtractResult:
    documents: int = 0
    findings: int = 0
    queued: int = 0  # values of these documents waiting for a curator (needs_review) after validation
    by_metric: dict = field(default_factory=dict)
    studies: dict = field(default_factory=dict)  # pipeline.link.summary after linking (empty: not linked)
    # documents an extractor raised on: kept pending (tried again next time), recorded as the failed items of an
    # "extract" run (``run_id``), each named with the error
    failures: list[FailedItem] = field(default_factory=list)
    run_id: int | None = None


def fact_key(f: Finding) -> FactKey:
    """The name of the fact a finding states: arm, subgroup, metric, endpoint, timepoint; a table row's place
    and cited study (a table row reports a study, a cohort, of its own)."""
    table = f.source_field == "table"
    return FactKey.of(pooled=f.pooled, components=f.arm_components, arm=f.arm, subgroup=f.subgroup,
                      metric=f.metric, endpoint=f.endpoint, timepoint_months=f.timepoint_months,
                      table_location=(f.evidence.location or "") if table else None,
                      cited_study=f.cited_study, cited_year=f.cited_year)


def finding_key(f: Finding) -> str:
    """A finding's fact key as stored."""
    return fact_key(f).encode()


def keyed(findings: Iterable[Finding]) -> list[tuple[str, Finding]]:
    """Findings with their keys; a second value for the same fact gets ``#2`` (and so on)."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = fact_key(f)
        stored = key.encode()
        n = seen[stored] = seen.get(stored, 0) + 1
        out.append((key.nth(n).encode(), f))
    return out


def results_findings(doc: Document, abstract_findings: list[Finding]) -> list[Finding]:
    """Findings from the Results section(s) of a full text (a PDF's body), offsets into ``body``.

    Only Results: an introduction or discussion quotes other studies' values, which are not this
    study's. A value the abstract already states (same fact, same value) is not repeated; a different
    value for the same fact is kept, and validation sends the pair to review.
    """
    import extractors

    known = {(finding_key(f), f.value, f.not_reached) for f in abstract_findings}
    out = []
    if not extractors.gives_arms(doc.title or "", f"{doc.title or ''}\n\n{doc.abstract_text}",
                                 [m.descriptor for m in doc.mesh_terms]):
        return out  # not about a cancer or its treatment: the abstract gave no arms, the body gives none either
    for offset, text in doc.section_text("results"):
        for f in extractors.analyze(None, text)[0]:
            if f.metric in DOCUMENT_METRICS or (finding_key(f), f.value, f.not_reached) in known:
                continue  # the study's size is the abstract's to state
            ev = f.evidence
            moved = ev.model_copy(update={"start": ev.start + offset, "end": ev.end + offset,
                                          "sentence_start": ev.sentence_start + offset,
                                          "sentence_end": ev.sentence_end + offset})
            out.append(f.model_copy(update={"evidence": moved, "source_field": "body"}))
    return out


def document_table_rows(doc: Document) -> list[dict]:
    """The review-table rows of a document's PDF tables (one per row and arm, with page and cell boxes), read from
    its table grids by the current table extractor (``extractors.tables.rows_from_table``). A document stored by a
    release that kept rows instead of grids has only those rows (``Document.tables``), read as they are until its
    PDF is ingested again."""
    from extractors.tables import rows_from_table

    if doc.table_grids:
        return [row for grid in doc.table_grids for row in rows_from_table(grid.model_dump())]
    return doc.tables


def extractor_versions() -> list[tuple[str, str]]:
    """The extractors a document goes through, each with its identity (``extractors.vocab.identity``: code version
    plus a hash of the data files): abstract text, PDF tables. A document not extracted at these is pending."""
    import extractors
    from extractors.tables import TABLE_EXTRACTOR, TABLE_EXTRACTOR_VERSION
    from extractors.vocab import identity

    return [(extractors.EXTRACTOR_NAME, identity(extractors.EXTRACTOR_VERSION)),
            (TABLE_EXTRACTOR, identity(TABLE_EXTRACTOR_VERSION))]


#: What one extractor found: ``(extractor, version, [(document_id, content_hash, summary, [(finding_key, Finding)])])``
Extraction = tuple[str, str, list]


def validated(extractions: list[Extraction], stored: dict[int, StoredValues],
              settings: Settings) -> dict[int, dict[str, list[Reason]]]:
    """Each document's validation before its findings are stored: the reasons of every value it will have, by
    finding key. The values are the new findings of every extractor as the store will keep them (over a stored
    value of the same fact, a curator's decision and curated value stay in force), and the stored values the
    save keeps besides (decided values no longer found, other extractors' values), read in the store's text
    order, with their study checks (``stored``: ``Store.stored_values``)."""
    names = {name for name, _version, _outputs in extractions}
    found: dict[int, list[tuple[str, Finding]]] = {}
    for _name, _version, outputs in extractions:
        for doc_id, _hash, _summary, pairs in outputs:
            found.setdefault(doc_id, []).extend(pairs)
    out = {}
    for doc_id, pairs in found.items():
        rows, checks = stored.get(doc_id) or StoredValues([], {})
        old = {r.finding_key: r for r in rows}
        values = []  # (text order, value): new rows come after the stored ones, as their ids will
        for n, (key, f) in enumerate(pairs):
            columns = finding_values(f)
            row = old.pop(key, None)
            if row is None:
                value = Planned(None, **columns, finding_key=key, decision=None, status="needs_review")
            else:
                value = Planned(row, **columns, status=status_after_extraction(row, columns))
            values.append(((f.evidence.start, row.id if row is not None else float("inf"), n), value))
        values += [((r.evidence_start if r.evidence_start is not None else -1, r.id, 0), r) for r in old.values()
                   if r.decision is not None or r.extractor not in names]  # kept by the save
        values.sort(key=lambda pair: pair[0])
        out[doc_id] = validate_values([v for _, v in values], checks, settings)
    return out


def save_findings(store: Store, extractions: list[Extraction], *, settings: Settings) -> None:
    """Validate what the extractors found (``validated``), then hand it to the store with its reasons."""
    doc_ids = list(dict.fromkeys(doc_id for _name, _version, outputs in extractions for doc_id, *_ in outputs))
    store.save_extractions(extractions, validated(extractions, store.stored_values(doc_ids), settings))


def extract_documents(store: Store, *, ids: list[str] | None = None, doc_ids: list[int] | None = None,
                      everything: bool = False, progress: Progress | None = None, link: bool = True,
                      settings: Settings | None = None) -> ExtractResult:
    """Extract findings for pending documents (or those named by ``ids`` / store ``doc_ids``, or
    ``everything``), validate them and store them: the abstract's text, and the results tables of a PDF, read
    from its stored table grids (each value with its page and cell). Named documents are extracted only when
    pending, unless ``everything``.
    When any document was extracted, studies are linked again (``pipeline.link``) unless ``link`` is false
    (the flows link once after all their batches). ``settings`` (validation thresholds) are read from the
    environment when not given."""
    import extractors
    from extractors.tables import findings_from_rows

    settings = settings or Settings.from_env()
    if ids:
        doc_ids = list(doc_ids or [])
        for ident in ids:
            row = store.get(ident)
            if row is None:
                raise InputError(f"no document {ident!r} in the store; 'evidence list' shows what is there")
            doc_ids.append(row.id)
    result, extracted = ExtractResult(), []
    versions = extractor_versions()
    (text_name, text_version), (table_name, table_version) = versions
    for batch in store.documents_to_extract(versions, doc_ids=doc_ids, everything=everything, batch_size=BATCH):
        outputs, table_outputs, done = [], [], []
        for doc_id, data, content_hash in batch:
            try:
                doc = Document.model_validate(data)
                findings, summary = extractors.analyze(doc.title, doc.abstract_text,
                                                       [m.descriptor for m in doc.mesh_terms])
                findings = findings + results_findings(doc, findings)
                table_findings = findings_from_rows(document_table_rows(doc))
            except Exception as exc:  # a bug, not "nothing found": the document is a failed item, the batch goes on
                log.exception("extraction of document #%s failed", doc_id)
                result.failures.append(FailedItem(source=f"document #{doc_id}", reason=f"the extractor raised "
                                                  f"{type(exc).__name__}: {exc}; the document stays pending"))
                continue
            done.append(doc_id)
            outputs.append((doc_id, content_hash, summary, keyed(findings)))
            table_outputs.append((doc_id, content_hash, {}, keyed(table_findings)))
            for f in findings + table_findings:
                result.findings += 1
                result.by_metric[f.metric] = result.by_metric.get(f.metric, 0) + 1
        save_findings(store, [(text_name, text_version, outputs), (table_name, table_version, table_outputs)],
                      settings=settings)
        result.queued += store.status_counts(done).get("needs_review", 0)
        result.documents += len(done)
        extracted += done
        if progress:
            progress(len(batch))
    if result.failures:
        result.run_id = store.start_run("extract", {"documents": len(extracted) + len(result.failures)})
        store.record_failures(result.run_id, result.failures)
        store.finish_run(result.run_id, {"seen": len(extracted) + len(result.failures), "extracted": len(extracted),
                                         "failed": len(result.failures)})
    if link and result.documents:
        from pipeline.link import link_studies

        result.studies = link_studies(store, settings=settings)
        result.queued = store.status_counts(extracted).get("needs_review", 0)  # linking may change statuses
    return result


#: metric -> the arm-summary field its value fills (``../shared/eval/arm_summary.md``)
SUMMARY_FIELDS = {m.name: m.summary_field for m in METRICS.values() if m.summary_field}
#: a median's field when the value is "not reached", and the CI field that goes with a median
NOT_REACHED_FIELDS = {m.name: m.not_reached_field for m in METRICS.values() if m.not_reached_field}
CI_FIELDS = {m.summary_field: m.ci_field for m in METRICS.values() if m.ci_field}
#: the fields of an arm (and subgroup) that ``flag_for_review`` judges
ARM_FIELDS = tuple(f for m in METRICS.values() if not m.document_level and m.summary_field
                   for f in (m.summary_field, m.not_reached_field) if f)
LANDMARK_FIELDS = tuple(m.summary_field for m in METRICS.values() if m.family == "landmark")


def flag_for_review(summary: dict, findings: list[Finding], *, settings: Settings) -> dict:
    """The arm summary with its ``needs_review`` lists (``arm_summary.md``): each arm, subgroup and the document
    name their fields whose value the store would send to the review queue, and each hazard ratio says whether it
    would. The rule is the one extraction applies before storing (``validated``): ``pipeline.validate``'s
    ``validate_document`` over the document's findings, and a value with any reason is queued. A field takes its
    value from the first finding that states it (as ``extractors.summarize`` does); a value no finding states has
    nothing to vouch for it and is flagged too."""
    import extractors

    pairs = keyed(findings)
    reasons = validate_document([Fact.of_finding(key, f) for key, f in pairs], settings)
    queued: dict[tuple, bool] = {}  # (arm, subgroup, field) -> queued, for the finding the summary took
    hrs = []
    for key, f in pairs:
        if f.confidence < extractors.SUMMARY_MIN_CONFIDENCE:
            continue  # not written into the summary
        if f.metric == "hr":
            if f.value is not None:
                hrs.append(bool(reasons[key]))
            continue
        field = NOT_REACHED_FIELDS[f.metric] if f.not_reached and f.metric in NOT_REACHED_FIELDS \
            else SUMMARY_FIELDS.get(f.metric)
        arm = None if f.metric in DOCUMENT_METRICS else f.arm
        slot = (arm, f.subgroup or None, field)
        if field in LANDMARK_FIELDS:  # a list: flagged when any of its rates is
            queued[slot] = queued.get(slot, False) or bool(reasons[key])
        else:
            queued.setdefault(slot, bool(reasons[key]))

    def flags(holder: dict, arm: str | None, subgroup: str | None, fields) -> list[str]:
        out = []
        for field in fields:
            v = holder.get(field)
            if v is None or v is False or v == []:
                continue
            if queued.get((arm, subgroup, field), True):
                out.append(field)
                if field in CI_FIELDS and holder.get(CI_FIELDS[field]) is not None:
                    out.append(CI_FIELDS[field])
        return out

    out = dict(summary, needs_review=flags(summary, None, None, tuple(SUMMARY_FIELDS[m] for m in DOCUMENT_METRICS)))
    out["arms"] = []
    for a in summary.get("arms") or []:
        subgroups = [dict(sg, needs_review=flags(sg, a["regimen"], sg["name"], ARM_FIELDS)) for sg in a.get("subgroups") or []]
        out["arms"].append(dict(a, subgroups=subgroups, needs_review=flags(a, a["regimen"], None, ARM_FIELDS)))
    out["hazard_ratios"] = [dict(h, needs_review=hrs[i] if i < len(hrs) else True)
                            for i, h in enumerate(summary.get("hazard_ratios") or [])]
    return out


@dataclass
class JsonlResult:
    written: int = 0
    errors: list[str] = field(default_factory=list)


def extract_jsonl(input_path: str | Path, output_path: str | Path, *, progress: Progress | None = None,
                  settings: Settings | None = None) -> JsonlResult:
    """Read ``{"id","title","abstract"}`` lines, write one arm-summary line per document (no database).

    A bad line is reported by its line number and skipped; the rest is processed. Each summary carries its
    ``needs_review`` lists (``flag_for_review``): what the store would queue for review. ``settings``
    (validation thresholds) are read from the environment when not given.
    """
    import extractors

    st = settings or Settings.from_env()
    result = JsonlResult()
    try:
        src = open(input_path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{input_path}: cannot read ({exc.strerror or exc})") from exc
    with src, open(output_path, "w", encoding="utf-8") as out:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or "id" not in obj:
                    raise ValueError('expected an object with "id", "title" and "abstract"')
                abstract = obj.get("abstract") or ""
                title = obj.get("title") or ""
                if not isinstance(abstract, str) or not isinstance(title, str):
                    raise ValueError('"title" and "abstract" must be strings')
            except ValueError as exc:  # json.JSONDecodeError is a ValueError
                result.errors.append(f"{input_path}, line {lineno}: {exc}")
                continue
            try:
                findings, summary = extractors.analyze(title, abstract)
            except Exception as exc:  # a bug, not "nothing found": reported with the line, the batch goes on
                log.exception("extraction of %s, line %d failed", input_path, lineno)
                result.errors.append(f"{input_path}, line {lineno} (id {obj['id']}): the extractor raised "
                                     f"{type(exc).__name__}: {exc}")
                continue
            summary = flag_for_review(summary, findings, settings=st)
            out.write(json.dumps({"id": obj["id"], **summary}, ensure_ascii=False) + "\n")
            result.written += 1
            if progress:
                progress(1)
    return result

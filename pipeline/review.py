"""The review queue round trip: export the values to review, import the curators' decisions.

``export_queue`` writes the queue (values with status needs_review by default) as CSV, XLSX or JSON, one
``schemas.review.ReviewItem`` per row: a stable item id, the value's revision, the document (PMID / DOI and
link), arm, metric, extracted value, evidence sentence and reasons, and empty ``decision``,
``corrected_value``, ``reviewer`` and ``note`` columns for the curator.

``import_decisions`` reads such a file back and checks the whole of it first: unknown ids, bad decisions,
unparseable or impossible values, and stale rows (the value changed since the export, e.g. re-extracted).
Any problem: nothing is applied and every bad row is named with the reason. Otherwise the documents the
decisions touch are validated with the decisions applied (``pipeline.validate.validate_values``), and every
decision is applied in one transaction and audited (``Store.apply_decisions``). ``dry_run`` reports what would
change.
Rows without a decision are left alone; importing the same file twice changes nothing the second time.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import InputError
from pipeline.report import csv_cell, document_link, document_ref, formula_like, xlsx_append
from pipeline.settings import Settings
from pipeline.store import Store, decided, in_force
from pipeline.validate import Planned, check_value, fmt, validate_values
from schemas.findings import POOLED_LABEL
from schemas.metrics import METRICS
from schemas.review import (CURATOR_COLUMNS, DECISION_STATUS, EXPORT_COLUMNS, EXPORT_SCHEMA_VERSION,
                            REQUIRED_COLUMNS, Change, DecisionRow, Problem, ReviewItem, curated, decided_value)

FORMATS = ("csv", "xlsx", "json")
SHEET = "review"
_DECISION_WORDS = {"accept": "accept", "accepted": "accept", "correct": "correct", "corrected": "correct",
                   "reject": "reject", "rejected": "reject"}
_NOT_REACHED = {"nr", "not reached", "n.r.", "notreached"}
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:%|months?|mo)?$", re.I)


# ---- export ---------------------------------------------------------------------------------------------
def _curated_text(f) -> str | None:
    """A curator's value as written ('12.5', 'not reached'); None if there is none."""
    mine = curated(f)
    return fmt(*mine) if mine is not None else None


def review_item(f, doc_row) -> ReviewItem:
    """A stored value (FindingRow with its DocumentRow) as a row of the review queue."""
    return ReviewItem(item_id=f.item_id, revision=f.revision, document=document_ref(doc_row),
                      link=document_link(doc_row), title=doc_row.title, year=doc_row.year,
                      arm=f.arm or (POOLED_LABEL if f.pooled else None), subgroup=f.subgroup, metric=f.metric,
                      endpoint=f.endpoint, timepoint_months=f.timepoint_months, unit=f.unit,
                      extracted_value=fmt(f.value, f.not_reached), ci_low=f.ci_low, ci_high=f.ci_high,
                      curated_value=_curated_text(f), status=f.status,
                      reasons="; ".join(r.get("message", r.get("code", "")) for r in f.reasons or []) or None,
                      confidence=f.confidence, evidence=f.evidence_text)


@dataclass
class ExportResult:
    path: Path
    format: str
    items: int


def format_of(path: str | Path, fmt_: str | None, allowed=FORMATS) -> str:
    """The format asked for, else the one the file name ends with."""
    if fmt_:
        return fmt_
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in allowed:
        return suffix
    raise InputError(f"{path}: cannot tell the format from the name; give --format ({' | '.join(allowed)})")


def export_queue(store: Store, out: str | Path, fmt_: str | None = None, *, statuses=("needs_review",),
                 metrics=None, since: datetime | None = None, limit: int | None = None) -> ExportResult:
    """Write the review queue to ``out`` (csv, xlsx or json); ``statuses`` None exports every value."""
    out = Path(out)
    fmt_ = format_of(out, fmt_)
    unknown = [m for m in metrics or () if m not in METRICS]
    if unknown:  # a metric filter that matches nothing because of a typo is an error, not an empty queue
        raise InputError(f"--metric {unknown[0]!r} is not a metric; use one of {', '.join(METRICS)}")
    items = [review_item(f, d) for f, d in store.review_items(statuses=statuses, metrics=metrics, since=since,
                                                                limit=limit)]
    if not out.parent.exists():
        raise InputError(f"{out}: folder {out.parent} does not exist; create it or choose another --out")
    if fmt_ == "json":
        payload = {"schema_version": EXPORT_SCHEMA_VERSION,
                   "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "items": [i.model_dump() for i in items]}
        out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    elif fmt_ == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(EXPORT_COLUMNS)
            for i in items:
                w.writerow([csv_cell(v) for v in i.model_dump().values()])
    else:
        _write_xlsx(items, out)
    return ExportResult(out, fmt_, len(items))


def _write_xlsx(items: list[ReviewItem], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(EXPORT_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        if cell.value in CURATOR_COLUMNS:
            cell.fill = PatternFill("solid", fgColor="FFE69C")
    for i in items:
        xlsx_append(ws, list(i.model_dump().values()))
    last = max(len(items) + 1, 2)
    col = {name: ws.cell(row=1, column=j).column_letter for j, name in enumerate(EXPORT_COLUMNS, 1)}
    dv = DataValidation(type="list", formula1='"accept,correct,reject"', allow_blank=True,
                        error="decision is accept, correct or reject", showErrorMessage=True)
    dv.add(f"{col['decision']}2:{col['decision']}{last}")
    ws.add_data_validation(dv)
    widths = {"item_id": 16, "document": 16, "link": 22, "title": 30, "arm": 28, "subgroup": 16, "metric": 11,
              "reasons": 50, "evidence": 70, "decision": 11, "corrected_value": 14, "reviewer": 14, "note": 30}
    for name, letter in col.items():
        ws.column_dimensions[letter].width = widths.get(name, 10)
    for row in ws.iter_rows(min_row=2, min_col=EXPORT_COLUMNS.index("evidence") + 1,
                            max_col=EXPORT_COLUMNS.index("evidence") + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    about = wb.create_sheet("about")
    for line in (("schema_version", EXPORT_SCHEMA_VERSION),
                 ("exported_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
                 ("how", "Fill decision (accept, correct, reject), corrected_value (with correct: a number, or NR "
                         "for not reached), reviewer and note; leave the other columns as they are; then run "
                         "'evidence review import FILE'.")):
        about.append(list(line))
    wb.save(out)


# ---- reading a decisions file -----------------------------------------------------------------------------
def read_rows(path: str | Path) -> list[tuple[str, dict]]:
    """The rows of an exported (and edited) file as ``(where, {column: text or None})``."""
    path = Path(path)
    fmt_ = format_of(path, None)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the file 'evidence review export' wrote")
    try:
        if fmt_ == "csv":
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header is None:
                    raise InputError(f"{path}: empty file; give the file 'evidence review export' wrote")
                header = [h.strip() for h in header]
                _check_header(path, header)
                return [(f"row {n}", dict(zip(header, (_text(_unquote(v)) for v in values))))
                        for n, values in enumerate(reader, 2) if any(v.strip() for v in values)]
        if fmt_ == "xlsx":
            return _read_xlsx(path)
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable {fmt_} file ({exc}); give the file 'evidence review export' wrote") from exc
    top_version = data.get("schema_version") if isinstance(data, dict) else None
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(f'{path}: expected {{"items": [...]}} as written by \'evidence review export --format json\'')
    rows = []
    for n, item in enumerate(items, 1):
        values = {k: _text(v) for k, v in item.items()}
        values.setdefault("schema_version", _text(top_version))
        rows.append((f"item {n}", values))
    return rows


def _read_xlsx(path: Path) -> list[tuple[str, dict]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError(f"{path}: not a readable xlsx workbook ({exc}); give the file 'evidence review export' wrote") from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.active
        it = ws.iter_rows(values_only=True)
        header = [_text(h) or "" for h in next(it, ())]
        _check_header(path, header)
        rows = []
        for n, values in enumerate(it, 2):
            cells = [_text(v) for v in values]
            if any(c is not None for c in cells):
                rows.append((f"row {n}", dict(zip(header, cells))))
        return rows
    finally:
        wb.close()


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}: not a review export (no column {', '.join(missing)}); "
                         f"import the file 'evidence review export' wrote")


def _unquote(text: str) -> str:
    """A CSV cell as exported before ``report.csv_cell`` quoted it: "'=x" -> "=x"."""
    return text[1:] if text.startswith("'") and formula_like(text[1:]) else text


def _text(value) -> str | None:
    """A cell as text: None for empty; whole floats without '.0' (spreadsheets turn 3 into 3.0)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    text = str(value).strip()
    return text or None


def parse_value(text: str) -> tuple[float | None, bool]:
    """A corrected value: a number (a trailing % or 'months' is allowed) or NR / not reached."""
    t = text.strip()
    if t.lower() in _NOT_REACHED:
        return None, True
    if not _NUMBER.match(t):
        raise ValueError(f"corrected_value {text!r} is not a number (or NR for not reached)")
    return float(re.sub(r"[^\d.+-]", "", t)), False


# ---- one document's values: status, decision and audit trail (evidence show) -------------------------------
def audit_trails(store: Store, findings) -> dict[str, list]:
    """item_id -> its audit rows, oldest first. Only decided values have any (a decision, or a return to the
    queue after one), so only theirs are read."""
    return {f.item_id: store.audit(f.item_id) for f in findings if f.decision is not None and f.item_id}


def _utc(when: datetime | None) -> datetime | None:
    """A stored time in UTC (SQLite gives it back without its zone, PostgreSQL in the session's zone)."""
    if when is None:
        return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)


def audit_entry(a) -> dict:
    """One audit row as data: when, who, what (accept / correct / reject / reopen), old -> new, note."""
    at = _utc(a.created_at)
    return {"at": at.isoformat(timespec="seconds") if at else None, "reviewer": a.reviewer,
            "action": a.action, "old_status": a.old_status, "new_status": a.new_status, "old_value": a.old_value,
            "new_value": a.new_value, "extracted_value": a.extracted_value, "note": a.note, "import_id": a.import_id}


def audit_text(a) -> str:
    """An audit row as one line: '2026-12-07 17:41 UTC alice: correct, needs_review -> curated, 11 -> 11.5: "note"'."""
    at = _utc(a.created_at)
    when = at.strftime("%Y-%m-%d %H:%M UTC") if at else "?"
    note = f': "{a.note}"' if a.note else ""
    return (f"{when} {a.reviewer}: {a.action}, {a.old_status or '-'} -> {a.new_status}, "
            f"{a.old_value or '-'} -> {a.new_value or '-'}{note}")


def review_state(f) -> dict:
    """A stored value's review state: status, reasons, the curator's decision and curated value, the value in
    force, its review item id and revision."""
    return {"item_id": f.item_id, "revision": f.revision, "status": f.status,
            "reasons": [r.get("message", r.get("code", "")) for r in f.reasons or []], "decision": f.decision,
            "curated_value": _curated_text(f), "in_force": in_force(f)}


def value_record(f, trail) -> dict:
    """A stored value as ``evidence show --json`` prints it: what was read and from where, its review state,
    and its audit trail (``trail``: its audit rows)."""
    return {"metric": f.metric, "value": f.value, "not_reached": f.not_reached, "unit": f.unit, "arm": f.arm,
            "subgroup": f.subgroup, "timepoint_months": f.timepoint_months, "ci_low": f.ci_low, "ci_high": f.ci_high,
            "confidence": f.confidence, "source_field": f.source_field, "evidence": f.evidence_text, "page": f.page,
            "location": f.location, **review_state(f), "audit": [audit_entry(a) for a in trail]}


def review_state_text(f) -> str:
    """A stored value's review state as one line: 'curated 11.5 (decision correct; extracted 11); item F…'."""
    state = review_state(f)
    line = f.status
    if f.decision:
        line += (f" {state['curated_value']}" if state["curated_value"] is not None else "")
        line += f" (decision {f.decision}; extracted {fmt(f.value, f.not_reached) or 'none'})"
    line += f"; item {f.item_id}"
    if f.status == "needs_review" and state["reasons"]:
        line += ": " + "; ".join(state["reasons"])
    return line


# ---- import ---------------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    file: Path
    rows: int = 0  # rows read
    undecided: int = 0  # rows without a decision, left alone
    unchanged: int = 0  # decisions the store already holds
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False
    import_id: int | None = None

    @property
    def counts(self) -> dict:
        by = {d: sum(1 for c in self.changes if c.decision == d) for d in DECISION_STATUS}
        return {"rows": self.rows, "undecided": self.undecided, "unchanged": self.unchanged, **by}


def _same_decision(row, d: DecisionRow) -> bool:
    """Does the store already hold this decision (a file imported twice)?"""
    if row.decision != d.decision or row.status != DECISION_STATUS[d.decision]:
        return False
    return d.decision != "correct" or curated(row) == (d.value, d.not_reached)


def _parse_row(where: str, values: dict, stored, reviewer: str | None, st: Settings) -> DecisionRow | Problem | None:
    item_id = values.get("item_id")
    decision_text = values.get("decision")
    corrected = values.get("corrected_value")

    def problem(message: str) -> Problem:
        return Problem(row=where, item_id=item_id, message=message)

    if not decision_text:
        if corrected:
            return problem("corrected_value is filled but decision is empty; set decision to correct")
        return None
    version = values.get("schema_version")
    if version != EXPORT_SCHEMA_VERSION:
        return problem(f"schema_version {version!r} is not {EXPORT_SCHEMA_VERSION!r}; export the queue again")
    if not item_id:
        return problem("item_id is empty; keep the exported item_id column as it is")
    decision = _DECISION_WORDS.get(decision_text.lower())
    if decision is None:
        return problem(f"decision {decision_text!r} is not accept, correct or reject")
    try:
        revision = int(values.get("revision") or "")
    except ValueError:
        return problem(f"revision {values.get('revision')!r} is not a whole number; keep the exported column")
    if stored is None:
        return problem("unknown item_id: no such value in this store; was the file exported from another store?")
    row, _ = stored
    value, not_reached = None, False
    if decision == "correct":
        if not corrected:
            return problem("decision is correct but corrected_value is empty; give the right value (or NR)")
        try:
            value, not_reached = parse_value(corrected)
        except ValueError as exc:
            return problem(str(exc))
        wrong = check_value(row.metric, value, not_reached=not_reached, settings=st)
        if wrong:
            return problem(f"corrected_value {corrected!r}: {'; '.join(r.message for r in wrong)}")
    elif corrected:
        return problem(f"corrected_value is filled but decision is {decision}; use decision correct, "
                       f"or empty corrected_value")
    who = values.get("reviewer") or reviewer
    if not who:
        return problem("no reviewer: fill the reviewer column or pass --reviewer")
    return DecisionRow(row=where, item_id=item_id, revision=revision, decision=decision, value=value,
                       not_reached=not_reached, reviewer=who, note=values.get("note"))


def _validated(store: Store, decisions: list[DecisionRow], st: Settings) -> dict[int, dict[str, list]]:
    """The validation of the documents these decisions touch, with the decisions applied (a curated value is in
    force, a rejected one is not), by document and finding key."""
    by_item = {d.item_id: d for d in decisions}
    doc_ids = sorted({row.document_id for row, _doc in store.items(by_item).values()})
    out = {}
    for doc_id, (rows, checks) in store.stored_values(doc_ids).items():
        after = [Planned(r, **decided(r, by_item[r.item_id])) if r.item_id in by_item else r for r in rows]
        out[doc_id] = validate_values(after, checks, st)
    return out


def import_decisions(store: Store, path: str | Path, *, dry_run: bool = False, reviewer: str | None = None,
                     settings: Settings | None = None) -> ImportResult:
    """Check every row of a decisions file; apply all of them (one transaction, audited) or none.

    The result lists the changes (made, or that would be made with ``dry_run``) and the problems; with
    any problem nothing is applied. ``settings`` (validation thresholds) are read from the environment when
    not given.
    """
    st = settings or Settings.from_env()
    path = Path(path)
    rows = read_rows(path)
    result = ImportResult(file=path, rows=len(rows), dry_run=dry_run)
    stored = store.items(v.get("item_id") for _, v in rows if v.get("item_id"))
    planned: list[tuple[DecisionRow, int]] = []
    seen: dict[str, str] = {}
    for where, values in rows:
        parsed = _parse_row(where, values, stored.get(values.get("item_id") or ""), reviewer, st)
        if parsed is None:
            result.undecided += 1
            continue
        if isinstance(parsed, Problem):
            result.problems.append(parsed)
            continue
        if parsed.item_id in seen:
            result.problems.append(Problem(row=where, item_id=parsed.item_id,
                                           message=f"the same item_id is decided again ({seen[parsed.item_id]})"))
            continue
        seen[parsed.item_id] = where
        row, doc = stored[parsed.item_id]
        if _same_decision(row, parsed):
            result.unchanged += 1
            continue
        if row.revision != parsed.revision:
            result.problems.append(Problem(row=where, item_id=parsed.item_id, message=(
                f"stale: the value changed since this file was exported (revision {parsed.revision}, now "
                f"{row.revision}; extracted value now {fmt(row.value, row.not_reached) or 'none'}, status "
                f"{row.status}); export the queue again and decide on the new value")))
            continue
        planned.append((parsed, row.revision))
        old = in_force(row)
        new = decided_value(parsed.decision, (row.value, bool(row.not_reached)), (parsed.value, parsed.not_reached))
        new = fmt(*new) if new is not None else None
        result.changes.append(Change(item_id=parsed.item_id, row=where, document=document_ref(doc), metric=row.metric,
                                     arm=row.arm, decision=parsed.decision, old_status=row.status,
                                     new_status=DECISION_STATUS[parsed.decision], old_value=old, new_value=new,
                                     reviewer=parsed.reviewer, note=parsed.note))
    if result.problems or dry_run or not planned:
        return result
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result.import_id = store.apply_decisions(planned, file=str(path), file_sha256=digest,
                                             schema_version=EXPORT_SCHEMA_VERSION, counts=result.counts,
                                             reasons=_validated(store, [d for d, _ in planned], st))
    result.applied = True
    return result

"""Studies: one trial across its sources, and its values checked between them.

A *study* groups a paper (its PubMed record, PDF and full text are already one document) with every review
table row that cites it. ``plan(evidence)`` works it out from ``Store.evidence()``, as plain data:

- **A paper** is a document with values of its own (not only a review's table rows). Its study is named by
  its first trial registry id (two papers of one trial share it), else its PMID, DOI or store id.
- **A review's table row** (one arm of it) is linked to a paper by a PMID, DOI or registry id printed in the
  row; else by the cited first author and year, with the row's N and regimen as checks. A paper that names
  no authors (some records do not) is linked by year, N and regimen together, with a lower confidence.
- **A doubtful link** is not assumed: author and year match but N or regimen disagree, or two papers fit
  equally. The row stays a study of its own and its values carry the reason ``link_doubtful``.
- **A row whose paper is not in the store** is a study of its own, named by the cited author, year and
  reference, so the same trial in two tables of a review is one study (and one row of the evidence table).

Each value of a linked row is compared with the paper (``compare_row``) at the level the row states: the whole
arm (the row's N) or a subgroup whose N the row prints in parentheses ("34 (15)"); a value printed in
parentheses ("15 (0.0 a)") is the subgroup's. The verdicts: *agrees*, *disagrees* (another value, or the value
of another level: a subgroup given as the whole arm) and *not in the paper*. ``save`` keeps studies, links and
checks in the store; ``link_studies`` validates the values whose checks change (``pipeline.validate.validate_values``:
agreement raises a value's confidence (``agreed_confidence``), disagreement is the reason ``sources_disagree``)
and hands both to the store.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.ids import PMID, find_doi, find_registry_ids
from pipeline.settings import Settings
from pipeline.validate import LABELS, _show, fmt, validate_values
from schemas.document import Document
from schemas.fact_key import arm_and_subgroup, arm_key
from schemas.review import value_in_force
from schemas.metrics import METRICS as REGISTRY

#: The metrics a review row and a paper are compared on (no landmark rates: review tables rarely print them).
METRICS = tuple(m.name for m in REGISTRY.values() if m.linked)
#: review-table row fields -> metric (``extractors.tables`` row dicts)
ROW_FIELDS = {m.summary_field: m.name for m in REGISTRY.values() if m.linked and m.table_value}
#: How sure a link is, by how it was made. An id printed in the row names the paper; author and year with N and
#: regimen agreeing leave little doubt; year, N and regimen alone (a paper without authors) leave some.
LINK_CONFIDENCE = {"pmid": 1.0, "doi": 1.0, "registry": 0.99, "author_year": 0.95, "year_n_regimen": 0.8,
                   "doubtful": 0.5}
SAME_WITHIN = 0.05 + 1e-9  # two values are the same when they differ by at most this (rounding at one decimal)
_MARKED_N = re.compile(r"(\d+)\s*[a-h*]?")  # a subgroup's N with a footnote mark: "19 a", "11a"
_ROW_PLACE = re.compile(r"^(?P<table>[^,]+), row (?P<row>\d+)")


def agreed_confidence(a: float, b: float) -> float:
    """The confidence of a value that two independent sources give alike (a paper and a review's table, each
    read by its own extractor): it is wrong only if both readings are wrong *and* land on the same number,
    so at most (1 - a) * (1 - b) of the time. 0.92 and 0.84 give 0.987; 0.9 and 0.9 give 0.99."""
    return round(1.0 - (1.0 - a) * (1.0 - b), 4)


def same_value(a: float | None, a_nr: bool, b: float | None, b_nr: bool) -> bool:
    """Do two printed values agree? 'not reached' only with 'not reached'; numbers when they are the same at one
    decimal (``SAME_WITHIN``). A review rounding 33.3 to 33 is not counted as agreeing: the numbers lose how
    they were printed ("33.0" or "33"), and a wrong agreement would raise a confidence, a wrong disagreement
    only asks a curator."""
    if a_nr or b_nr:
        return a_nr and b_nr
    if a is None or b is None:
        return False
    return abs(a - b) <= SAME_WITHIN


def _fold(name: str | None) -> str:
    """A surname compared without case and accents ('Fjällskog' = 'fjallskog')."""
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


# ---- the sources ----------------------------------------------------------------------------------------------
@dataclass
class Paper:
    """A document with values of its own: its values by arm, subgroup ('' the whole arm) and metric."""

    document_id: int
    ref: str
    doc: Document
    values: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (arm, subgroup) -> subgroup as written
    enrolled: object = None  # the document's n_enrolled finding

    @property
    def surname(self) -> str | None:
        first = self.doc.authors[0] if self.doc.authors else None
        return _fold(first.last_name or first.collective_name) if first else None

    def arm_for(self, components: tuple[str, ...]) -> str | None:
        """The paper's arm a review row's regimen names: same drugs, else the paper's only arm."""
        key = arm_key(False, components, None)
        arms = [a for a in self.values if a != "document"]
        if key in self.values:
            return key
        return arms[0] if len(arms) == 1 and not components else None

    def arm_n(self, arm: str) -> object:
        n = self.values.get(arm, {}).get("", {}).get("n")
        arms = [a for a in self.values if a != "document"]
        return n if n is not None else (self.enrolled if len(arms) == 1 else None)

    def subgroup_of_n(self, arm: str, n: int | None) -> str | None:
        """The subgroup of ``arm`` whose N is ``n``."""
        if n is None:
            return None
        for sub, metrics in self.values.get(arm, {}).items():
            f = metrics.get("n")
            if sub and f is not None and _value(f)[0] == n:
                return sub
        return None


@dataclass
class RowValue:
    """One value a review row prints: ``subset`` when printed in parentheses for the row's subgroup."""

    metric: str
    value: float | None
    not_reached: bool
    subset: bool
    finding: object | None  # the FindingRow (None for a value in parentheses: the table reader keeps it apart)
    confidence: float


@dataclass
class ReviewRow:
    """One arm of one row of a review's results table."""

    document_id: int
    review_ref: str
    key: str  # the arm part of its findings' keys
    table: str
    row_no: int
    page: int | None
    cited: str
    surname: str | None
    year: int | None
    ref: str | None
    phase: str | None
    arm: str | None
    components: tuple[str, ...]
    n_total: int | None
    n_subset: int | None
    evidence: str
    ids: dict[str, str]
    values: list[RowValue] = field(default_factory=list)

    @property
    def place(self) -> str:
        return f"{self.review_ref} {self.table}, row {self.row_no}" + (f", p. {self.page}" if self.page else "")

    @property
    def cited_key(self) -> str:
        """The study's name when its paper is not in the store: cited author, year and reference."""
        return f"cited:{self.surname or self.cited}|{self.year or ''}|{self.ref or ''}"


@dataclass
class Check:
    metric: str
    value: RowValue
    verdict: str  # agrees, disagrees, not_in_paper
    level: str | None  # the paper's level: '' the whole arm, else the subgroup as written
    paper: object | None  # the paper's FindingRow compared with
    note: str
    where: str = ""  # the paper's level in words: 'the whole arm', 'subgroup pancreatic NETs'


@dataclass
class Link:
    row: ReviewRow
    study: str
    status: str  # linked, doubtful, unlinked
    method: str  # pmid, doi, registry, author_year, year_n_regimen, none
    confidence: float
    note: str
    paper: Paper | None = None
    arm: str | None = None  # the paper's arm the row reports
    checks: list[Check] = field(default_factory=list)


@dataclass
class Linking:
    """What ``plan`` works out: each paper's study, and each review row's link with its checks."""

    paper_study: dict[int, str] = field(default_factory=dict)  # document id -> study key
    labels: dict[str, str] = field(default_factory=dict)  # study key -> label
    papers: dict[int, Paper] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    _by_row: dict = field(default_factory=dict, repr=False)
    _indexed: int = field(default=-1, repr=False)

    def link_of(self, document_id: int, key: str) -> Link | None:
        """The link of a review row (one arm of it), by its document and the arm part of its findings' keys."""
        if self._indexed != len(self.links):  # indexed when first asked (the report asks once per value)
            self._by_row = {(lk.row.document_id, lk.row.key): lk for lk in reversed(self.links)}  # first link wins
            self._indexed = len(self.links)
        return self._by_row.get((document_id, key))


def _value(f) -> tuple[float | None, bool]:
    """A finding's value in force (a curator's after accept / correct); a rejected one's as extracted."""
    return value_in_force(f) or (f.value, bool(f.not_reached))


def _live(f) -> bool:
    """Not rejected: it has a value in force."""
    return value_in_force(f) is not None


def _ref(doc_row) -> str:
    if doc_row.pmid:
        return f"PMID {doc_row.pmid}"
    return f"doi:{doc_row.doi}" if doc_row.doi else f"#{doc_row.id}"


def paper_of(doc_row, findings) -> Paper | None:
    """The paper a document is, from its own values (a review's cited rows are not its own); None if none."""
    own = [f for f in findings if not f.cited_study and _live(f) and f.metric in METRICS + ("n_enrolled",)
           and f.timepoint_months is None]
    if not any(f.metric in METRICS for f in own):
        return None
    paper = Paper(doc_row.id, _ref(doc_row), Document.model_validate(doc_row.data))
    for f in own:
        arm, sub = arm_and_subgroup(f.finding_key)
        if f.metric == "n_enrolled":
            paper.enrolled = paper.enrolled or f
            continue
        paper.values.setdefault(arm, {}).setdefault(sub, {}).setdefault(f.metric, f)
        paper.labels.setdefault((arm, sub), f.subgroup or "")
    return paper


def review_rows(doc_row, findings) -> list[ReviewRow]:
    """The arms of a review's table rows, each with its values (those in parentheses too)."""
    from extractors.tables import parse_author
    from pipeline.extract import document_table_rows

    cited = [f for f in findings if f.cited_study and f.source_field == "table" and _live(f)]
    if not cited:
        return []
    doc = Document.model_validate(doc_row.data)
    table_rows = {(r.get("table"), r.get("row_index"), arm_key(False, r.get("components") or (), r.get("arm"))): r
                  for r in document_table_rows(doc)}
    out: dict[str, ReviewRow] = {}
    for f in cited:
        key = arm_and_subgroup(f.finding_key)[0]
        if f.metric not in METRICS:
            continue
        row = out.get(key)
        if row is None:
            m = _ROW_PLACE.match(f.location or "")
            table, row_no = (m.group("table"), int(m.group("row"))) if m else (f.location or "table", 0)
            arm = arm_key(False, f.arm_components or (), f.arm)
            src = table_rows.get((table, row_no - 1, arm), {})
            author = parse_author(f.cited_study)
            n_subset = src.get("n_subset")
            if isinstance(n_subset, str):  # "19 a": the subgroup's N with a footnote mark; "17/7" is two
                m = _MARKED_N.fullmatch(n_subset)
                n_subset = int(m.group(1)) if m else None
            ids = _printed_ids(f"{f.cited_study} {f.evidence_text}")
            row = out[key] = ReviewRow(
                document_id=doc_row.id, review_ref=_ref(doc_row), key=key, table=table, row_no=row_no,
                page=f.page, cited=f.cited_study, surname=_fold((author["author"] or "").split(" ")[0]) or None,
                year=f.cited_year or author["year"], ref=author["ref"], phase=f.cited_phase, arm=f.arm,
                components=tuple(f.arm_components or ()), n_total=src.get("n_total"), n_subset=n_subset,
                evidence=f.evidence_text, ids=ids)
            if n_subset is not None:  # "34 (15)": the subgroup's N
                row.values.append(RowValue("n", float(n_subset), False, True, None, f.confidence))
            for fld, metric in ROW_FIELDS.items():  # values printed in parentheses: the subgroup's ("15 (0.0 a)")
                for raw in ((src.get("subset_values") or {}).get(fld) or {}).values():
                    if raw is not None and n_subset is not None:
                        row.values.append(RowValue(metric, raw, False, True, None, f.confidence))
                    break
        value, nr = _value(f)
        row.values.append(RowValue(f.metric, value, nr, False, f, f.confidence))
        if f.metric == "n" and row.n_total is None:
            row.n_total = int(value) if value else None
    for row in out.values():
        row.values.sort(key=lambda v: v.subset)  # the row's own values first, then those in parentheses
    return list(out.values())


def _printed_ids(text: str) -> dict[str, str]:
    """The ids a review row prints for its trial: PMID, DOI, the first registry id."""
    pmid, doi, registry = PMID.search(text), find_doi(text), find_registry_ids(text)
    return {k: v for k, v in (("pmid", pmid.group(1) if pmid else None), ("doi", doi),
                              ("registry", registry[0] if registry else None)) if v}


# ---- linking ---------------------------------------------------------------------------------------------------
def _has_id(paper: Paper, kind: str, value: str) -> bool:
    if kind == "registry":
        return value in paper.doc.registry_ids
    return (paper.doc.pmid if kind == "pmid" else paper.doc.doi) == value


def _regimen_fits(row: ReviewRow, paper: Paper) -> bool:
    return bool(row.components) and paper.arm_for(row.components) is not None


def _n_fits(row: ReviewRow, paper: Paper) -> bool:
    if row.n_total is None:
        return False
    arm = paper.arm_for(row.components)
    ns = [paper.arm_n(arm)] if arm else []
    ns += [paper.enrolled] + [m.get("n") for a in paper.values.values() for m in a.values()]
    return any(f is not None and _value(f)[0] == row.n_total for f in ns)


def link_row(row: ReviewRow, papers: list[Paper]) -> Link:
    """Link one review row to its paper (see the module docstring), or say why not."""
    others = [p for p in papers if p.document_id != row.document_id]
    for kind in ("pmid", "doi", "registry"):
        if kind in row.ids:
            hits = [p for p in others if _has_id(p, kind, row.ids[kind])]
            if hits and len({_paper_key(p) for p in hits}) == 1:  # one paper, or papers of one trial
                return Link(row, "", "linked", kind, LINK_CONFIDENCE[kind],
                            f"by the {kind.upper() if kind != 'registry' else 'registry id'} {row.ids[kind]} "
                            f"printed in the row", hits[0])
    who = f"{row.cited} ({row.surname or '?'} {row.year or '?'})"
    same_year = [p for p in others if row.year and p.doc.year == row.year]
    named = [p for p in same_year if row.surname and p.surname == row.surname]
    fits = [p for p in named if _regimen_fits(row, p) and (row.n_total is None or _n_fits(row, p))]
    if len(fits) == 1:
        return Link(row, "", "linked", "author_year", LINK_CONFIDENCE["author_year"],
                    "by first author and year; regimen" + (" and N agree" if row.n_total else " agrees"), fits[0])
    if len(fits) > 1:
        return Link(row, row.cited_key, "doubtful", "author_year", LINK_CONFIDENCE["doubtful"],
                    f"two candidate papers for {who}: {', '.join(p.ref for p in fits)}; link it by hand")
    if named:
        p = named[0]
        why = "regimen" if not _regimen_fits(row, p) else "N"
        return Link(row, row.cited_key, "doubtful", "author_year", LINK_CONFIDENCE["doubtful"],
                    f"{p.ref} matches {who} by first author and year, but its {why} differs from the review's "
                    f"({'+'.join(row.components) or 'no regimen' if why == 'regimen' else row.n_total})")
    anonymous = [p for p in same_year if not p.doc.authors and _regimen_fits(row, p) and _n_fits(row, p)]
    if len(anonymous) == 1:
        return Link(row, "", "linked", "year_n_regimen", LINK_CONFIDENCE["year_n_regimen"],
                    f"by year, N and regimen ({anonymous[0].ref} names no authors)", anonymous[0])
    if len(anonymous) > 1:
        return Link(row, row.cited_key, "doubtful", "year_n_regimen", LINK_CONFIDENCE["doubtful"],
                    f"two candidate papers for {who}: {', '.join(p.ref for p in anonymous)}; link it by hand")
    return Link(row, row.cited_key, "unlinked", "none", 0.0, f"no paper by {who} in the store")


# ---- comparing ---------------------------------------------------------------------------------------------------
def compare_row(link: Link) -> list[Check]:
    """Each value of a linked row against the paper, at the level the row states (module docstring)."""
    row, paper = link.row, link.paper
    arm = paper.arm_for(row.components)
    link.arm = arm
    levels = paper.values.get(arm, {}) if arm else {}
    subgroup = paper.subgroup_of_n(arm, row.n_subset) if arm else None
    out = []
    for v in row.values:
        def at(level):
            if v.metric == "n" and level == "":
                return paper.arm_n(arm)
            return levels.get(level, {}).get(v.metric)

        allowed = [subgroup] if v.subset else ([""] + ([subgroup] if subgroup else []))
        allowed = [lv for lv in allowed if lv is not None]
        matching = [lv for lv in [""] + [s for s in levels if s] if at(lv) is not None
                    and same_value(v.value, v.not_reached, *_value(at(lv)))]
        shown = _show(v.metric, v.value, v.not_reached)
        where = f"{row.place}{' (in parentheses)' if v.subset else ''}"
        good = [lv for lv in allowed if lv in matching]
        if good:
            lv = good[0]
            out.append(Check(v.metric, v, "agrees", lv, at(lv),
                             f"{shown} in {where} agrees with {paper.ref} ({_level(paper, arm, lv)})",
                             _level(paper, arm, lv)))
            continue
        if matching:  # the value of another level: a subgroup given as the whole arm, or the reverse
            lv, expected = matching[0], next((x for x in allowed if at(x) is not None), None)
            also = f", not {_level(paper, arm, expected)} ({_show(v.metric, *_value(at(expected)))})" \
                if expected is not None else ""
            out.append(Check(v.metric, v, "disagrees", expected if expected is not None else lv,
                             at(expected) if expected is not None else at(lv),
                             f"sources disagree: {shown} in {where} is {paper.ref}'s value for "
                             f"{_level(paper, arm, lv)}{also}"))
            continue
        expected = next((x for x in allowed if at(x) is not None), None)
        if expected is None:
            out.append(Check(v.metric, v, "not_in_paper", None, None,
                             f"{shown} in {where}: {paper.ref} states no {LABELS.get(v.metric, v.metric)}"
                             f" for {'this subgroup' if v.subset else 'this arm'}"))
            continue
        theirs = at(expected)
        out.append(Check(v.metric, v, "disagrees", expected, theirs,
                         f"sources disagree: {shown} in {where}, but {_show(v.metric, *_value(theirs))} in "
                         f"{paper.ref} ({_level(paper, arm, expected)}): {_quote(theirs)}"))
    return out


def _level(paper: Paper, arm: str, level: str) -> str:
    if not level:
        return "the whole arm"
    return f"subgroup {paper.labels.get((arm, level)) or level}"


def _quote(f) -> str:
    text = f.evidence_text or ""
    return f'"{text[:160]}{"..." if len(text) > 160 else ""}"'


# ---- the whole store -----------------------------------------------------------------------------------------------
def _paper_key(p: Paper) -> str:
    if p.doc.registry_ids:
        return "registry:" + p.doc.registry_ids[0]
    return "pmid:" + p.doc.pmid if p.doc.pmid else ("doi:" + p.doc.doi if p.doc.doi else f"document:{p.document_id}")


def _paper_label(p: Paper) -> str:
    first = p.doc.authors[0] if p.doc.authors else None
    name = (first.last_name or first.collective_name) if first else None
    return " ".join(str(x) for x in (name, p.doc.year) if x) or p.ref


def plan(evidence) -> Linking:
    """Studies, links and checks for everything in ``Store.evidence()`` (pure: nothing is written)."""
    out = Linking()
    rows: list[ReviewRow] = []
    for doc_row, _ext, findings in evidence:
        paper = paper_of(doc_row, findings)
        if paper is not None:
            out.papers[doc_row.id] = paper
            key = _paper_key(paper)
            out.paper_study[doc_row.id] = key
            if paper.doc.authors:
                out.labels.setdefault(key, _paper_label(paper))
        rows += review_rows(doc_row, findings)
    papers = list(out.papers.values())
    for row in rows:
        link = link_row(row, papers)
        if link.paper is not None:
            link.study = out.paper_study[link.paper.document_id]
            link.checks = compare_row(link)
        # a study whose paper names no authors is labelled as the review cites it
        out.labels.setdefault(link.study, " ".join(str(x) for x in (
            (row.cited.split(" et al")[0] if row.cited else None), row.year) if x))
        out.links.append(link)
    for doc_id, key in out.paper_study.items():
        out.labels.setdefault(key, _paper_label(out.papers[doc_id]))
    return out


@dataclass
class StudyCheck:
    """One check as the store keeps it (``StudyCheckRow``) and validation reads it: a row's value against the
    paper's, or a value of a doubtfully linked row. ``id`` orders the checks of a value as the store's ids do."""

    metric: str
    verdict: str  # agrees, disagrees, not_in_paper, doubtful_link
    note: str
    review_finding_id: int | None
    review_value: str | None
    level: str | None = None
    paper_finding_id: int | None = None
    paper_value: str | None = None
    confidence: float | None = None  # agrees: the confidence of the agreement (``agreed_confidence``)
    id: int = 0


def study_checks(lk: Link) -> list[StudyCheck]:
    """The checks of one link as kept: each compared value, then, for a doubtful link, each value of the row."""
    from pipeline.store import in_force

    out = []
    for c in lk.checks:
        theirs = c.paper
        out.append(StudyCheck(
            metric=c.metric, verdict=c.verdict, note=c.note, level=c.level,
            review_finding_id=c.value.finding.id if c.value.finding is not None else None,
            review_value=fmt(c.value.value, c.value.not_reached),
            paper_finding_id=theirs.id if theirs is not None else None,
            paper_value=in_force(theirs) if theirs is not None else None,
            confidence=agreed_confidence(c.value.confidence, theirs.confidence) if c.verdict == "agrees" else None))
    if lk.status == "doubtful":
        out += [StudyCheck(metric=v.metric, verdict="doubtful_link", note=lk.note, review_finding_id=v.finding.id,
                           review_value=fmt(v.value, v.not_reached)) for v in lk.row.values if v.finding is not None]
    return out


def link_studies(store, *, settings: Settings | None = None) -> dict:
    """Work the studies out again from the store, validate the values whose checks change (those checked now or
    before) and keep both (``Store.save_studies``): counts of studies, rows linked, doubtful and unlinked, and
    values agreeing, disagreeing and not in the paper. ``settings`` (validation thresholds) are read from the
    environment when not given."""
    settings = settings or Settings.from_env()
    evidence = store.evidence()
    linking = plan(evidence)
    checks: dict[int, list[StudyCheck]] = {}  # finding id -> its checks, in the order the store keeps them
    n = 0
    for lk in linking.links:
        for c in study_checks(lk):
            n += 1
            c.id = n
            for fid in {c.review_finding_id, c.paper_finding_id} - {None}:
                checks.setdefault(fid, []).append(c)
    before = set(store.checked_document_ids())
    reasons = {}
    for doc_row, _ext, rows in evidence:
        if doc_row.id in before or any(r.id in checks for r in rows):
            reasons[doc_row.id] = validate_values(rows, {r.finding_key: checks.get(r.id, []) for r in rows}, settings)
    for doc_id, (rows, _old) in store.stored_values(sorted(before - set(reasons))).items():  # e.g. deleted since
        reasons[doc_id] = validate_values(rows, {}, settings)
    store.save_studies(linking, reasons)
    return summary(linking)


def summary(linking: Linking) -> dict:
    counts = {"studies": len(set(linking.paper_study.values()) | {lk.study for lk in linking.links}),
              "rows": len(linking.links)}
    for lk in linking.links:
        counts[lk.status] = counts.get(lk.status, 0) + 1
        for c in lk.checks:
            counts[c.verdict] = counts.get(c.verdict, 0) + 1
    return counts


def check_value_text(c: Check) -> str:
    """One check as crosscheck prints it: 'ORR 33%: agrees (subgroup pancreatic NETs)'."""
    shown = _show(c.metric, c.value.value, c.value.not_reached)
    label = {"agrees": "agrees", "disagrees": "DISAGREES", "not_in_paper": "not in the paper"}[c.verdict]
    if c.value.subset:
        shown += " (in parentheses)"
    if c.verdict == "agrees":
        return f"{shown}: agrees ({c.where}, {_show(c.metric, *_value(c.paper))})"
    return f"{shown}: {label}: {c.note}"


def crosscheck_lines(linking: Linking, document_id: int | None = None) -> list[str]:
    """``evidence crosscheck``: each review table row (of one review, or all) with the study it was linked to
    (or why not) and a line per value; a last line of counts. [] when there is no review row."""
    links = [lk for lk in linking.links if document_id is None or lk.row.document_id == document_id]
    out = []
    for lk in links:
        row = lk.row
        arm = row.arm or "+".join(row.components) or "arm not named"
        out.append(f"{row.place}: {row.cited}, {arm}" + (f", N {row.n_total}" if row.n_total else "")
                   + (f" ({row.n_subset})" if row.n_subset else ""))
        if lk.status == "linked":
            out.append(f"  linked to {lk.paper.ref} (study {lk.study}) {lk.note}; confidence {lk.confidence:g}")
            out += [f"    {check_value_text(c)}" for c in lk.checks]
        else:
            out.append(f"  {'DOUBTFUL, not linked' if lk.status == 'doubtful' else 'not linked'}: {lk.note}"
                       f" (study {lk.study})")
    if links:
        counts = summary(Linking(links=links))
        out.append(f"{len(links)} row(s): {counts.get('linked', 0)} linked, {counts.get('doubtful', 0)} doubtful, "
                   f"{counts.get('unlinked', 0)} without their paper in the store; values: {counts.get('agrees', 0)} "
                   f"agree, {counts.get('disagrees', 0)} disagree, {counts.get('not_in_paper', 0)} not in the paper")
    return out

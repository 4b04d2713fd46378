"""Which arm (or subgroup) a value read from the text belongs to: an ordered set of small named routes.

A value first reads its own phrases (``RawValue.target``, ``RawValue.lead``): they may name an arm, a subgroup,
another treatment (the value is left out) or nothing we know. Then the routes of ``ROUTES`` are tried in order;
each takes the scene (the document's arms and regimens) and the spot (one value in its sentence) and answers
with an ``Attribution`` (the arm, and the route's name), ``DROP`` (the value belongs to a group we cannot name:
leave it out) or ``None`` (not this route's construction: try the next). The first answer decides.

Every route's confidence is data: ``data/routes.json`` holds each route's penalty (subtracted from the value's own
confidence) and the fixed confidences of findings that have none. These are each rule's own estimate; the fitted
scorer of ``extractors/confidence.py`` (weights in ``data/confidence.json``) turns them, with the finding's other
features, into its confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from schemas.findings import POOLED_LABEL

from .arms import PLACEBO_KEY, Arm, _label, arm_by_name, arm_key, match_arm
from .grammar import pattern
from .numwords import parse_number
from .vocab import _load

ROUTES_FILE = "routes.json"


@lru_cache(maxsize=None)
def route_defaults() -> dict:
    """data/routes.json: ``penalty`` (route -> subtracted from a value's confidence), ``confidence`` (route -> fixed
    confidence), ``subgroup_n_max``."""
    return _load(ROUTES_FILE)


def penalty(route: str) -> float:
    """What route ``route`` takes off a value's own confidence (data/routes.json; a name it lacks raises)."""
    return route_defaults()["penalty"][route]


def fixed_confidence(route: str) -> float:
    """The default confidence of a route that reads no value of its own (arm n, HRs; data/routes.json)."""
    return route_defaults()["confidence"][route]


#: The words an arm's name ends or starts with ('the control arm', 'groups 1 and 2').
_ARM_WORD = re.compile(r"(?i)\b(?:arms?|groups?|cohorts?)\b")


@dataclass(frozen=True)
class Attribution:
    arm: Arm | None
    route: str


#: A route's answer: the value belongs to a group we cannot name; it is left out.
DROP = Attribution(None, "drop")


class Scene:
    """One document's arms and regimens, and the questions the routes ask of them. ``arms`` is the caller's list:
    the pooled pseudo-arm and the main regimen's arm are appended to it when a route first needs them."""

    def __init__(self, ctx, arms, multi, main, regs, regs_all, values, total=None):
        from .outcomes import _compiled

        self.ctx, self.text, self.arms, self.multi, self.main = ctx, ctx.text, arms, multi, main
        self.total = total  # the study's size, if known: a group counted smaller is a subgroup
        self.regs, self.regs_all, self.values = regs, regs_all, values
        self.compiled = _compiled()
        self._pooled = None
        self._mentions: dict = {}  # (lo, hi) -> arms named there (arm_mentions_in)
        self.real_arms = [a for a in arms if not a.pooled]
        # what untargeted values of a multi-arm study belong to: all patients, or the study's own regimen
        # when the other arms are different treatments (e.g. subsequent-line cohorts)
        self.default_main = bool(multi and main is not None and main.components
                                 and all(not (main.key & a.key) for a in self.real_arms))

    def arm_of(self, r):
        if r.components:
            return match_arm(self.arms, r.key)
        key = arm_key(r)
        # "placebo" of a trial of A or placebo, each plus C: the arm placebo + C (extractors.arms._backbone)
        return next((x for x in self.arms if x.key == key), None) or (next(
            (x for x in self.real_arms if "placebo" in x.aliases), None) if key == PLACEBO_KEY else None)

    def arm_mentions_in(self, lo: int, hi: int):
        """The arms named between lo and hi, in order: by a regimen, or by a name ('arm A', 'the control group',
        'the combination and control groups'; extractors.arms.arm_by_name)."""
        if (lo, hi) in self._mentions:
            return list(self._mentions[(lo, hi)])
        hits = []
        here = [r for r in self.regs if lo <= r.start < hi]
        for k, r in enumerate(here):
            at = r.start
            partner = pattern("optional_partner").fullmatch(self.text, here[k - 1].end, r.start) if k else None
            if partner and partner.group("with_first"):
                at = here[k - 1].start - 1  # "A with or without B": the arm with B is named first
            hits.extend((at, a) for a in self.coordinated_arms(r) or [self.arm_of(r)])
        if self.multi:
            hits.extend(h for h in self.named_arms if lo <= h[0] < hi)
        seen = []
        for _, a in sorted(hits, key=lambda h: h[0]):
            if a is not None and a not in seen:
                seen.append(a)
        self._mentions[(lo, hi)] = seen
        return list(seen)

    @cached_property
    def named_arms(self):
        """(position, arm) of the arms the text names without a drug: 'arm A', 'the control group', and each name
        of a coordinated list 'the combination and control groups' / 'arms A and B' (None for a name no arm has)."""
        lo, hi = self.ctx.prefix, len(self.text)
        out, listed = [], []
        words = list(_ARM_WORD.finditer(self.text, lo, hi))  # the lists are only read around these words (speed)
        lists = []
        for w in words:
            for m in pattern("arm_name_list").finditer(self.text, max(lo, w.start() - 90), min(hi, w.end() + 40)):
                if not any(m.start() < b and a < m.end() for a, b in listed):
                    listed.append((m.start(), m.end()))
                    lists.append(m)
        for m in lists:
            lead = m.group("lead")
            names = re.split(r"(?i)\s*(?:,\s*(?:and|or)\b|,|\band\b|\bor\b|\bvs\.?|\bversus\b)\s*(?:the\s+)?",
                             re.sub("[\"'\u201c\u201d\u2018\u2019]", "", m.group("names") if lead else m.group("names2")))
            word = re.sub(r"s$", "", lead or m.group("word2"))
            found = [arm_by_name(self.arms, f"{word} {name}" if lead else f"{name} {word}") or None for name in names if name]
            rest = [a for a in self.real_arms if a not in found]
            if found.count(None) == 1 and len(found) == len(self.real_arms) and len(rest) == 1:
                found[found.index(None)] = rest[0]  # "the combination and sequential arms": the other arm is the second
            out.extend((m.start() + k, a) for k, a in enumerate(found))
        for m in pattern("arm_name_ref").finditer(self.text, lo, hi) if words else ():
            if not any(a <= m.start() < b for a, b in listed):
                a = arm_by_name(self.arms, m.group())
                if a:
                    out.append((m.start(), a))
        return out

    def coordinated_arms(self, r):
        """The arms of 'the A and B arms' / 'the A- and B-based arms', read as one regimen 'A + B' that is no arm
        itself: one arm per drug, in order ([] when that is not the case). In 'the A and B plus C arms' the last drug
        starts the next arm's combination: arms A and B + C."""
        parts = coordinated_parts(self.text, r)
        if not parts:
            return []
        glued = next((x for x in self.regs if x.start >= r.end and x.components
                      and _GLUED_COMBINATION.fullmatch(self.text, r.end, x.start)), None)
        keys = [arm_key(p) for p in parts]
        if glued is not None:
            keys[-1] = keys[-1] | glued.key
        elif all(p.components for p in parts) and any(a.key == r.key for a in self.real_arms):
            return []  # ("placebo and A" is two arms although its drugs are A's alone)
        arms = [match_arm(self.arms, k) for k in keys]
        return arms if None not in arms and len(set(map(id, arms))) == len(arms) else []

    def regs_in(self, lo: int, hi: int):
        return [r for r in self.regs if lo <= r.start < hi]

    def pooled_arm(self):
        if self._pooled is None:
            self._pooled = Arm(frozenset(["__pooled__"]), POOLED_LABEL, (), 10**9, pooled=True)
            self.arms.append(self._pooled)
            self._mentions = {}
        return self._pooled

    def main_arm(self):
        main = self.main
        a = next((x for x in self.arms if x.key == main.key), None)
        if a is None:
            a = Arm(main.key, _label(self.regs_all, main.key), main.components, main.start)
            self.arms.append(a)
            self._mentions = {}
        return a

    def listing_order(self, i: int, k: int):
        """Arms in the order the closest preceding sentence names them (for unnamed lists)."""
        for j in range(i, -1, -1):
            s, e = self.ctx.sentences[j]
            if s < self.ctx.prefix:
                break
            named = self.arm_mentions_in(s, e)
            if len(named) == k:
                return named
        return self.real_arms if len(self.real_arms) == k else None

    def phrase_kind(self, span):
        """('arm', Arm) | ('sub', name) | ('pooled', None) | ('other', None) | ('unknown', None)"""
        t0, t1 = span
        phrase = self.text[t0:t1]
        in_t = [r for r in self.regs if r.start < t1 and r.end > t0]
        if in_t:
            a = self.arm_of(in_t[0])
            if a is not None:
                return "arm", a
            if not self.multi and self.arms and in_t[0].components and in_t[0].key <= self.arms[0].key:
                return "arm", self.arms[0]
            return "other", None
        named = arm_by_name(self.arms, phrase) if self.multi else None
        if named:
            return "arm", named
        if named is False:
            return "other", None  # "in arm C", "the control group": an arm we cannot tell
        if self.compiled["pooled"].search(phrase):
            return "pooled", None
        if self.compiled["heads"].search(phrase) and len(phrase.split()) <= 10:
            return "sub", sub_name(phrase)
        return "unknown", None


#: Between a regimen and the next one, a join that makes them one combination: "A and B plus C", "B/C", "B + C".
_GLUED_COMBINATION = re.compile(r"(?i)\s*(?:\+|/|\bplus\b|\bwith\b|\bcombined with\b|\bin combination with\b)\s*")


def sub_name(phrase: str) -> str:
    """A subgroup's name as the labels write it: the phrase without 'patients with' / 'the' before it."""
    return re.sub(r"^(?:(?:patients|those|women|men|subjects) (?:with|who had)|the|a|an)\s+", "", phrase.strip(), flags=re.I)


def coordinated_parts(text: str, r) -> list:
    """'irinotecan and docetaxel', 'vinorelbine- and taxane-based': a regimen mention whose drugs are only joined by
    'and' (no 'plus', '+', '/', 'with'), split into one mention per drug ([] for any other regimen)."""
    from .drugs import RegimenMention

    ds = getattr(r, "drugs", None) or []
    if len(ds) < 2 or not all(pattern("coordinated_join").fullmatch(text, a.end, b.start) for a, b in zip(ds, ds[1:])):
        return []
    return [RegimenMention(d.start, d.end, d.text, tuple(d.components), [d]) for d in ds]


@dataclass
class Spot:
    """One value (``v``, of sentence ``i`` = ``s``..``e``) and what its own phrases said."""

    scene: Scene
    i: int
    v: object  # outcomes.RawValue
    named: Arm | None = None  # the arm the value's phrase names
    subgroup: str | None = None
    penalties: list = field(default_factory=list)  # route names whose penalty the phrases cost, in order

    @property
    def s(self) -> int:
        return self.scene.ctx.sentences[self.i][0]

    @property
    def e(self) -> int:
        return self.scene.ctx.sentences[self.i][1]

    @cached_property
    def sentence_arms(self):
        """The arms the value's sentence names, in order."""
        return self.scene.arm_mentions_in(self.s, self.e)

    @cached_property
    def list_arms(self):
        """The arms a list of values lines up with: those named before it in its sentence, else those named between it
        and 'respectively', else in the whole sentence ("A improved OS (12.3 vs 9.5 months) over B")."""
        before = self.scene.arm_mentions_in(self.s, self.v.start)
        if len(before) == self.v.list_len:
            return before
        # "... (7.3 v 9.6 months for A and B, respectively)": the arms named between the list and 'respectively'
        resp = pattern("respectively").search(self.scene.text, self.v.end, self.e)
        after = self.scene.arm_mentions_in(self.v.end, resp.start()) if resp else []
        return after if len(after) == self.v.list_len else self.sentence_arms

    @cached_property
    def drug_regs(self):
        """The regimens with drugs the value's sentence names."""
        return [r for r in self.scene.regs_in(self.s, self.e) if r.components]


#: The head noun a coordinated list of subgroups shares, written once after its last name: "in the KRAS-mutant and
#: wild-type groups" (both are groups), "between G1 and G2 tumours". Left out of the last name.
_SHARED_HEAD = re.compile(r"(?i)\s+(?:sub)?(?:groups|cohorts|subsets|populations)$")


def listed_subgroup(spot: Spot, kind: str, obj):
    """A value of a coordinated list of groups ("median PFS in the exon-X and exon-Y groups was 8 and 5 months,
    respectively", "between G1 and G2 tumours (11 and 8 months)"): when one name of the list is a subgroup, every
    name is (the list's head noun is written once, after the last name). ('sub', name) or what was read."""
    sc, v = spot.scene, spot.v
    sibling = [w for j, w in sc.values
               if j == spot.i and w is not v and w.target_kind == "listed" and w.target != v.target]
    if kind == "unknown" and not any(sc.phrase_kind(w.target)[0] == "sub" for w in sibling):
        return kind, obj
    name = sub_name(sc.text[v.target[0]:v.target[1]]) if kind == "unknown" else obj
    return "sub", _SHARED_HEAD.sub("", name) or name


def counted_lead(spot: Spot) -> None:
    """A clause opened by a counted group smaller than the study, before the value: "Among 42 patients with
    pancreatic tumours, the ORR was 19%" (grammar "subgroup_lead_count"): the value is that subgroup's, and the
    count its n. A group as large as the study, or one naming an arm, is the study's (nothing is changed)."""
    sc, v = spot.scene, spot.v
    head = sc.text[spot.s:v.start]  # '^' of the pattern is the sentence's start
    if not sc.total or "atients" not in head and "ases" not in head:
        return  # cheap pre-check: no "patients" / "cases" before the value
    m = None
    for m in pattern("subgroup_lead_count").finditer(head):
        pass
    if m is None or sc.regs_in(spot.s + m.start(), spot.s + m.end()) or pattern("subgroup_lead_break").search(
            head, m.end()):
        return
    n = parse_number(m.group("n"))
    if n is None or not 0 < n < sc.total:
        return
    spot.subgroup = sub_name(m.group("phr"))
    spot.penalties.append("subgroup")
    if v.group_n is None:
        v.group_n = int(n)


def read_phrases(spot: Spot) -> bool:
    """Read the value's target phrase, then its lead phrase, into ``spot`` (arm named, subgroup, penalties); False
    when a phrase says the value belongs to a group we cannot name (the value is left out)."""
    sc, v = spot.scene, spot.v
    if v.target is not None:
        kind, obj = sc.phrase_kind(v.target)
        if v.target_kind == "label" and kind == "unknown":
            kind = None  # "(overall, 45%)": a label that names no group we know says nothing
        if v.target_kind == "listed" and kind in ("unknown", "sub"):
            kind, obj = listed_subgroup(spot, kind, obj)
        if kind == "arm":
            spot.named = obj
        elif kind == "sub":
            spot.subgroup = obj
            spot.penalties.append("subgroup")
        elif kind == "other":
            return False
        elif kind == "pooled" and not sc.multi and re.search(r"(?i)\b(?:groups|arms)\b", sc.text[v.target[0]:v.target[1]]):
            return False  # "the response rate of all groups" in a study read as one arm: groups we could not name
        elif kind == "unknown":
            phrase = sc.text[v.target[0]:v.target[1]]
            if v.target_kind == "after" and (v.target_prep in ("with", "to") or re.search(r"\b(?:arm|group)$", phrase)):
                return False  # attributed to a treatment or arm we cannot name
            if v.target_kind == "after" and any(j == spot.i and w is not v and w.metric == v.metric and w.target is not None
                                                 and w.target != v.target for j, w in sc.values):
                return False  # one value per group we cannot name ("35% for IPT, 50% for PST")
            if v.target_kind != "paren":
                spot.penalties.append("unnamed_target")
    if v.lead is None and spot.subgroup is None and spot.named is None:
        counted_lead(spot)
    if v.lead is not None:
        kind, obj = sc.phrase_kind(v.lead)
        if kind == "arm" and spot.named is None:
            spot.named = obj
        elif kind == "sub" and spot.subgroup is None:
            spot.subgroup = obj
            spot.penalties.append("subgroup")
        elif kind == "other":
            return False
    if v.pair_group is not None and spot.subgroup is None and spot.named is None:
        kind, obj = sc.phrase_kind(v.pair_group)
        if kind == "sub":  # "in lung NETs (8.4 vs 3.9 months)": both values are the subgroup's (an arm there says nothing)
            spot.subgroup = obj
            spot.penalties.append("subgroup")
    return True


# ---- the routes, in the order they are tried ----------------------------------------------------------------


def arm_named(spot: Spot):
    """The value's own phrase names an arm: "ORR was 40% in the everolimus arm"."""
    if spot.named is not None:
        return Attribution(spot.named, "arm_named")
    return None


def list_inferred(spot: Spot):
    """A list lined up with arms only such lists name: "PFS was 7.4 and 4.2 months in the A and B arms, respectively"."""
    sc, v = spot.scene, spot.v
    if v.list_len and sc.multi and len(spot.list_arms) == v.list_len and any(
            a.signals == {"value_pair"} for a in spot.list_arms):
        return Attribution(spot.list_arms[v.list_index], "list_inferred")
    return None


def list_sentence(spot: Spot):
    """A list of values lined up with as many arms named in its sentence: "ORR with A and B was 40% and 20%"."""
    sc, v = spot.scene, spot.v
    if v.list_len and sc.multi and len(spot.list_arms) == v.list_len:
        return Attribution(spot.list_arms[v.list_index], "list_sentence")
    return None


#: Right before an arm's name, the comparison's other side: "longer than with A", "than in the A group".
_THAN_BEFORE = re.compile(r"(?i)\bthan\s+(?:(?:in|with|for|on|among|after)\s+)?(?:the\s+|those\s+(?:in|on|receiving|given)\s+)?$")


def list_one_named(spot: Spot):
    """Two compared values and one of two arms named: "TTP was longer with A (7.2 vs 4.1 months)" (A, then the other)."""
    sc, v = spot.scene, spot.v
    if not (v.list_len == 2 and sc.multi and len(sc.real_arms) == 2 and len(spot.list_arms) == 1):
        return None
    head = next((w for j, w in sc.values if j == spot.i and w.metric == v.metric and w.timepoint == v.timepoint
                 and w.list_len == 2 and w.list_index == 0), v)
    from_to = pattern("from_to_pair").search(sc.text, max(spot.s, head.start - 12), head.start) is not None
    if not (v.compared or from_to or pattern("comparison_cue").search(sc.text, spot.s, v.start)):
        return None  # "A showed superiority in TTP (6.1 and 3.4 months)" compares too; a plain list does not
    first = spot.list_arms[0]
    order = [first, next(a for a in sc.real_arms if a is not first)]
    fav = None if from_to else pattern("favoured_arm").search(sc.text, spot.s, spot.e)
    if fav and sc.arm_mentions_in(fav.end(), min(spot.e, fav.end() + 40))[:1] == [first]:
        # "13 versus 17 months, in favour of A": not the order of mention; the favoured arm has the higher value
        pair = [w for j, w in sc.values if j == spot.i and w.metric == v.metric and w.timepoint == v.timepoint
                and w.list_len == 2]
        if len(pair) != 2 or None in (pair[0].value, pair[1].value) or pair[0].value == pair[1].value:
            return DROP
        higher = max(pair, key=lambda w: w.value)
        return Attribution(first if v.list_index == higher.list_index else order[1], "list_one_named")
    named_at = [r.start for r in sc.regs if spot.s <= r.start < head.start and sc.arm_of(r) is first]
    comparator = bool(named_at) and _THAN_BEFORE.search(sc.text, max(spot.s, named_at[-1] - 30), named_at[-1])
    if from_to or comparator:
        # "A improved median TTP from 4.2 to 7.4 months", "PFS was longer than with A (7.2 vs 4.1 months)": the other
        # arm's value comes first
        order.reverse()
    return Attribution(order[v.list_index], "list_one_named")


#: A group named by its treatment (dose, schedule), not by its patients: a cohort we cannot name, no subgroup.
_TREATMENT_GROUP = re.compile(
    r"(?i)\b(?:dose|doses|dosing|dosage|mg|schedule|weekly|daily|infusion|arm|arms|HD|LD)\b|-dose")


def list_subgroups(spot: Spot):
    """Two values lined up with two groups of patients: "PFS was 9.1 and 4.2 months in patients with G1 or G2 NETs"."""
    # the groups are named after the list (grammar "subgroup_list_after") or before it with a shared head noun:
    # "median PFS in the A-mutant and wild-type groups was 9.1 and 4.2 months" ("subgroup_list_before"); each value
    # is its group's, on the study's arm (or the one arm its sentence names)
    sc, v = spot.scene, spot.v
    if v.list_len != 2 or spot.subgroup is not None:
        return None
    last = next((w for j, w in sc.values if j == spot.i and w.metric == v.metric and w.timepoint == v.timepoint
                 and w.list_len == 2 and w.list_index == 1), None)
    if last is None or sc.multi and spot.list_arms:
        return None
    first = next(w for j, w in sc.values if j == spot.i and w.metric == v.metric and w.timepoint == v.timepoint
                 and w.list_len == 2 and w.list_index == 0)
    m = pattern("subgroup_list_after").match(sc.text, last.end, spot.e)
    if m is None:  # "median PFS in the A and B groups was 9.1 and 4.2 months": the last pair named before the list
        for m in pattern("subgroup_list_before").finditer(sc.text, spot.s, first.start):
            pass
        if m is not None and (re.search(r"[.;]", sc.text[m.end():first.start]) or first.start - m.end() > 40):
            m = None
    if m is None or sc.regs_in(m.start(), m.end()) or not (m.groupdict().get("who") or any(
            sc.phrase_kind(m.span(g))[0] == "sub" for g in ("a", "b"))):
        return None
    if sc.multi:
        arm = spot.sentence_arms[0] if len(spot.sentence_arms) == 1 else None
    else:
        arm = sc.arms[0] if sc.arms else sc.pooled_arm()
    if arm is None:
        return None
    names = [m.group("a").strip(), m.group("b").strip()]
    if re.fullmatch(r"(?i)(?:(?:patients|those)\s+)?with", names[0]) and names[1].lower().startswith("without "):
        names[0] = "with " + names[1][8:]  # "those with and without liver metastases"
    if any(_TREATMENT_GROUP.search(x) for x in names):
        return None  # "in the high-dose and low-dose groups": treatment cohorts we cannot name, no subgroups
    name = names[v.list_index]
    spot.subgroup = _SHARED_HEAD.sub("", name) or name
    spot.penalties.append("subgroup")
    return Attribution(arm, "list_subgroups")


def list_order(spot: Spot):
    """A list of values in a sentence naming no arm, in the order the closest earlier sentence named the arms."""
    sc, v = spot.scene, spot.v
    if v.list_len and sc.multi and not spot.list_arms:
        order = sc.listing_order(spot.i, v.list_len)
        return DROP if order is None else Attribution(order[v.list_index], "list_order")
    return None


def list_unmatched(spot: Spot):
    """A list of values the arms cannot be lined up with (or in a single-arm study): left out."""
    return DROP if spot.v.list_len else None


def arm_in_sentence(spot: Spot):
    """One arm named in the value's sentence of a multi-arm study: "With A, median PFS was 9.1 months"."""
    if spot.scene.multi and len(spot.sentence_arms) == 1:
        return Attribution(spot.sentence_arms[0], "arm_in_sentence")
    return None


def arm_nearest(spot: Spot):
    """Several arms in the sentence: the closest arm named before the value, if no other value sits between them."""
    sc, v = spot.scene, spot.v
    if not (sc.multi and len(spot.sentence_arms) >= 2):
        return None
    before = [r for r in sc.regs_in(spot.s, v.start) if sc.arm_of(r) is not None]
    if not before:
        return DROP
    r = before[-1]
    if any(j == spot.i and r.end <= w.start < v.start and w.metric == v.metric for j, w in sc.values):
        return DROP
    return Attribution(sc.arm_of(r), "arm_nearest")


def main(spot: Spot):
    """No arm named, but the study's own (main) regimen is, and no other treatment: "CAPTEM gave an ORR of 30%"."""
    sc = spot.scene
    if not sc.multi:
        return None
    other = [r for r in spot.drug_regs if sc.main is None or r.key != sc.main.key]
    if sc.main is not None and any(r.key == sc.main.key for r in spot.drug_regs) and not other:
        return Attribution(sc.main_arm(), "main")
    return DROP if other else None  # the sentence is about another treatment


def main_default(spot: Spot):
    """No treatment named where the other arms are different treatments (e.g. later-line cohorts): the main regimen."""
    sc = spot.scene
    if sc.multi and sc.default_main:
        return Attribution(sc.main_arm(), "main_default")
    return None


def pooled(spot: Spot):
    """No treatment named in a multi-arm study: all patients ("Median OS was 20 months")."""
    return Attribution(spot.scene.pooled_arm(), "pooled") if spot.scene.multi else None


def pooled_single(spot: Spot):
    """A study with no arm we could name at all: all patients."""
    return Attribution(spot.scene.pooled_arm(), "pooled_single") if not spot.scene.arms else None


def single(spot: Spot):
    """A single-arm study: its one arm, unless the sentence compares two groups or is about another treatment."""
    sc, v = spot.scene, spot.v
    one = sc.arms[0]
    if v.compared and spot.subgroup is None:
        return DROP  # "A% versus B%" in a study we read as single-arm: two groups we cannot name
    if spot.drug_regs and all(not (r.key <= one.key or one.key <= r.key) for r in spot.drug_regs):
        return DROP  # the sentence is about another treatment
    return Attribution(one, "single")


#: Routes that place a value in a subgroup by themselves: their findings keep the route's name (others, "subgroup").
SUBGROUP_ROUTES = frozenset({"list_subgroups"})

#: The routes, tried in order; the first that answers decides. Every value reaches one (``single`` always answers).
ROUTES = (arm_named, list_inferred, list_sentence, list_one_named, list_subgroups, list_order, list_unmatched,
          arm_in_sentence, arm_nearest, main, main_default, pooled, pooled_single, single)


def every_arm(spot: Spot) -> list[Attribution]:
    """A value given for all arms at once: "Median PFS was 4.7 months for each arm" (every real arm)."""
    sc = spot.scene
    # or for the two or more arms its phrase names: "the same in the A and B arms (10.3%)" (those arms only)
    named = sc.arm_mentions_in(*spot.v.target) if sc.multi and spot.v.target else []
    arms = named if len(named) >= 2 else sc.real_arms if sc.multi else sc.arms[:1]
    return [Attribution(a, "every_arm") for a in arms]


def attribute(scene: Scene) -> list[dict]:
    """Each value of the scene with its arm, subgroup, confidence and route (values no route places are left out),
    in text order: dicts v, arm, subgroup, conf, sent, route."""
    out: list[dict] = []
    for i, v in scene.values:
        if v.target_kind == "rejected":
            continue
        spot = Spot(scene, i, v)
        if v.target_kind == "every_arm":
            for a in every_arm(spot):
                out.append(dict(v=v, arm=a.arm, subgroup=None, conf=v.confidence - penalty(a.route), sent=i,
                                route=a.route))
            continue
        if not read_phrases(spot):
            continue
        a = next(a for a in (route(spot) for route in ROUTES) if a is not None)  # routes after it are not asked
        if a is DROP:
            continue
        conf = v.confidence
        for name in spot.penalties + [a.route]:
            conf -= penalty(name)
        out.append(dict(v=v, arm=a.arm, subgroup=spot.subgroup, conf=conf, sent=i,
                        route="subgroup" if spot.subgroup and a.route not in SUBGROUP_ROUTES else a.route))
    return out

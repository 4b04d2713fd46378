"""The fact key: the name of the fact a value states, with its one encode / decode.

A stored value (``FindingRow.finding_key``) is named by its arm, subgroup, metric, endpoint and timepoint; a value
from a PDF table row also by the row's place and the study the row cites; a second value for the same fact by
``#2`` (and so on). The stored string is what ``FactKey.encode`` writes, byte for byte as before this type existed,
so stored values keep their keys (a re-extraction updates them in place, nothing is migrated):

    arm|subgroup|metric|endpoint|timepoint                          "pembrolizumab|pd-l1 >= 50%|orr||"
    Table 3, row 12: Smith 2019 :: arm|subgroup|...                 a table row citing a study of its own
    <first 320 characters>~<16 hex digits of its sha1>              a key longer than 360 characters
    <any of these>#2                                                the second value for the same fact

``FactKey.decode`` reads any such string back; ``decode(k).encode() == k`` for every key. A long key keeps only
its first 320 characters: decoding it gives the fields as far as they go, and ``digest`` holds the hash.

Data only, no I/O; imports nothing else from the project.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

SEP = "|"  # between the fields
TABLE_SEP = " :: "  # between a table row's place (and cited study) and its arm
MAX_LEN = 360  # a longer key keeps its first HASH_PREFIX characters and a hash of the whole
HASH_PREFIX = 320
_HASHED = re.compile(r"~(?P<digest>[0-9a-f]{16})$")  # "…~0123456789abcdef", at HASH_PREFIX
_DUPLICATE = re.compile(r"#(?P<n>[2-9]|[1-9]\d+)$")  # "#2": a second value for the same fact


def arm_key(pooled: bool, components, arm: str | None) -> str:
    """The arm part of a fact key: "pooled", the sorted components ("a+b"), the regimen as written
    ("regimen:folfox"), else "document" (the whole study)."""
    if pooled:
        return "pooled"
    if components:
        return "+".join(sorted(components))
    if arm:
        return "regimen:" + " ".join(arm.lower().split())
    return "document"


def timepoint_text(months: float | None) -> str:
    """A landmark time as the key writes it: "12", "" for none."""
    return "" if months is None else f"{months:g}"


@dataclass(frozen=True)
class FactKey:
    """One fact's name. ``table_row`` ("Table 3, row 12") and ``cited`` ("Smith 2019") are set for a PDF table
    row (``table_row`` is None otherwise); ``timepoint`` is as written in the key ("12", "" for none);
    ``duplicate`` is 1 for the first value of a fact, 2 for ``#2``; ``digest`` is set for a key too long to
    keep whole (its fields then stop where the kept 320 characters stop)."""

    arm: str
    subgroup: str = ""
    metric: str = ""
    endpoint: str = ""
    timepoint: str = ""
    table_row: str | None = None
    cited: str = ""
    duplicate: int = 1
    digest: str | None = None

    @classmethod
    def of(cls, *, pooled: bool = False, components=(), arm: str | None = None, subgroup: str | None = None,
           metric: str, endpoint: str | None = None, timepoint_months: float | None = None,
           table_location: str | None = None, cited_study: str | None = None, cited_year=None) -> "FactKey":
        """The key of a fact from its parts as a finding holds them. ``table_location`` is a table cell's place
        ("Table 3, row 12, orr"): given, the value is a table row's, named by its table and row and cited study."""
        table_row = cited = None
        if table_location is not None:
            table_row = ",".join(table_location.split(",")[:2]).lstrip()
            cited = f"{cited_study or ''} {cited_year or ''}".rstrip()
        return cls(arm=arm_key(pooled, components, arm), subgroup=" ".join((subgroup or "").lower().split()),
                   metric=metric, endpoint=endpoint or "", timepoint=timepoint_text(timepoint_months),
                   table_row=table_row, cited=cited or "")

    @property
    def timepoint_months(self) -> float | None:
        try:
            return float(self.timepoint) if self.timepoint else None
        except ValueError:  # cut short in a hashed key
            return None

    @property
    def arm_part(self) -> str:
        """The arm as the key writes it, a table row's place and cited study first."""
        if self.table_row is None:
            return self.arm
        head = self.table_row + ":" + (" " + self.cited if self.cited else "")
        return head + TABLE_SEP + self.arm

    @property
    def base(self) -> "FactKey":
        """The same fact without its ``#2`` (the first value's key)."""
        return replace(self, duplicate=1)

    def nth(self, n: int) -> "FactKey":
        """The key of the n-th value for this fact (``#n`` from 2 on)."""
        return replace(self, duplicate=n)

    def encode(self) -> str:
        """The stored string (see the module docstring)."""
        key = SEP.join((self.arm_part, self.subgroup, self.metric, self.endpoint, self.timepoint))
        if self.digest is not None:
            key = key[:HASH_PREFIX] + "~" + self.digest
        elif len(key) > MAX_LEN:
            key = key[:HASH_PREFIX] + "~" + hashlib.sha1(key.encode()).hexdigest()[:16]
        return key if self.duplicate == 1 else f"{key}#{self.duplicate}"

    def __str__(self) -> str:
        return self.encode()

    @classmethod
    def decode(cls, key: str) -> "FactKey":
        """A stored key read back into its fields."""
        duplicate, digest = 1, None
        if m := _DUPLICATE.search(key):
            key, duplicate = key[:m.start()], int(m.group("n"))
        if len(key) == HASH_PREFIX + 17 and (m := _HASHED.search(key)):
            key, digest = key[:HASH_PREFIX], m.group("digest")
            parts = key.split(SEP, 4)  # cut short: the fields from the left, as far as they go
        else:
            parts = key.rsplit(SEP, 4)  # the last three never hold a "|": a "|" in a name stays in the arm
        parts += [""] * (5 - len(parts))
        arm, table_row, cited = _arm_part(parts[0])
        return cls(arm=arm, subgroup=parts[1], metric=parts[2], endpoint=parts[3], timepoint=parts[4],
                   table_row=table_row, cited=cited, duplicate=duplicate, digest=digest)


def _arm_part(text: str) -> tuple[str, str | None, str]:
    """(arm, table row, cited study) of a key's arm part ("Table 3, row 12: Smith 2019 :: a+b")."""
    head, sep, arm = text.rpartition(TABLE_SEP)
    if sep:
        table_row, colon, cited = head.partition(": ")
        if colon:
            return arm, table_row, cited
        if head.endswith(":"):
            return arm, head[:-1], ""
    return text, None, ""


def arm_and_subgroup(key: str) -> tuple[str, str]:
    """(arm part, subgroup) of a stored key, its ``#2`` left out: what a value's arm row in a table is."""
    k = FactKey.decode(key)
    return k.arm_part, k.subgroup

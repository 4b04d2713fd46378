"""Data for the PDF parser, kept apart from its logic: section names, ligatures, table caption patterns."""
from __future__ import annotations

import re

#: canonical section -> heading texts (lower case, letters and spaces only, numbering removed)
HEADING_CANONICAL: dict[str, set[str]] = {
    "abstract": {"abstract", "summary", "structured abstract"},
    "introduction": {"introduction", "background", "background and aims", "rationale"},
    "methods": {"methods", "method", "materials and methods", "material and methods", "patients and methods",
                "methodology", "study design", "methods and materials", "experimental procedures",
                "methods and analysis", "design and methods"},
    "results": {"results", "findings", "results and discussion"},
    "discussion": {"discussion", "comment", "comments"},
    "conclusion": {"conclusion", "conclusions", "concluding remarks", "summary and conclusions",
                   "conclusions and implications"},
    "references": {"references", "bibliography", "literature cited", "references and notes"},
    "acknowledgements": {"acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment"},
    "funding": {"funding", "funding information", "financial support"},
    "abbreviations": {"abbreviations", "list of abbreviations"},
    "declarations": {"declarations", "conflict of interest", "conflicts of interest", "competing interests",
                     "disclosure", "disclosures"},
}

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}

#: "Table 3", "TABLE 2.", "Table S1", "Table SA3", "Table III", "Table A-1", "Table 4.2", "Table 3a", "Exhibit 2a" (US
#: government reports) at the start of a caption line; "TABLE." (a paper's only table, unnumbered) gives no number
TABLE_LABEL_RE = re.compile(r"^(?P<word>table|tab\.|exhibit)(?:\s*(?P<num>[A-Z]{0,3}\d+(?:[.\-\u2013]\d+)*[a-z]?|[A-Z][.\-\u2013]\d+|[IVX]{1,5})\b[.:]?"
                            r"|(?=[.:|]\s))", re.IGNORECASE)
#: "Figure 2", "Fig. 3", "Scheme 1", "Box 2" at the start of a caption line
FIGURE_LABEL_RE = re.compile(r"^(fig\.?|figure|scheme|box)\s*\d+", re.IGNORECASE)
#: what follows the label on a continuation page
CONTINUED_RE = re.compile(r"^[\s(\[]*(?:continued|cont(?:'|\u2019)?d|cont\.)[\s)\]]*", re.IGNORECASE)
_CONTINUED_END_RE = re.compile(r"\(?\bcontinued\)?\s*$", re.IGNORECASE)


def is_continued(caption: str) -> bool:
    """Does a caption (the text after "Table N") say the table goes on from an earlier page?
    "(continued)", "Cont'd ..." at its start, or "... (continued)" at its end."""
    return bool(CONTINUED_RE.match(caption) or _CONTINUED_END_RE.search(caption))

#: a word that is only leader dots ("All ages . . . . 291,099", "Total.......12"), filler between a label and its
#: values, or a rule typed as text ("----------", "=========="); a lone "-" is a value (none), not filler
LEADER_RE = re.compile(r"^(?:[.\u2026\u00b7]+|[-_=\u2013\u2014]{3,})$")

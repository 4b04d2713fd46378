#!/usr/bin/env python3
"""Lay out the seed review (003_079922ed7aae9e11.txt) as a journal-style two-column PDF.

    python sample_docs/pdf/make_seed_review_pdf.py [--seed SEED.txt] [--output seed_review_003.pdf]

The prose comes from the seed text as it is (page furniture of the original extraction removed, line-end
hyphenation turned into soft hyphens so the new layout may break words where the original did).
Tables 1-3 are set as unruled tables (horizontal rules only: above and below the header and at the end),
with multi-line cells, section rows, footnotes below, and Table 3 continuing on a second page under
"Table 3 (continued)". The cell texts are laid out below as data, transcribed from the seed's linearised
tables; ``check_cells_in_seed`` verifies every cell token against the seed so the tables stay the seed's.

Output is deterministic: fixed creation date, no random ids, so re-running gives identical bytes.
Needs fpdf2 (2.8.x) and the DejaVu TrueType fonts (Debian/Ubuntu package fonts-dejavu-core).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SEED_NAME = "003_079922ed7aae9e11.txt"
SEED_CANDIDATES = (HERE.parent / "seeds" / SEED_NAME, Path("/work/shared/seeds") / SEED_NAME)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")
CREATION_DATE = dt.datetime(2021, 3, 22, 12, 0, 0, tzinfo=dt.timezone.utc)

JOURNAL = "Reviews in Endocrine and Metabolic Disorders (2021) 22:595\u2013614"
DOI_URL = "https://doi.org/10.1007/s11154-021-09638-0"
FIRST_PAGE_NUMBER = 595
SOFT_HYPHEN = "\u00ad"
BREAK = " // "  # line break inside a table cell, as printed in the seed's tables

# --------------------------------------------------------------------------------------------------------
# Tables 1-3 as data: "# " starts a section row, "---" forces the continuation page, cells split on " | ".
# --------------------------------------------------------------------------------------------------------
TABLES = {
    1: {
        "caption": "Chemotherapy in P-NETs: results from phase III and selected phase II trials",
        "header": ["Author", "Phase", "N total // (P-NETs*)", "Treatment", "ORR (%)", "mPFS (months)", "mOS (months)"],
        "widths": [33, 11, 17, 37, 31, 28, 27],
        "footnotes": [
            "BEVA Bevacizumab, CAP capecitabine, CAPTEM capecitabine-temozolomide, CDDP cisplatin, CTZ chlorozotocin, "
            "DOXO doxorubicin, DTIC dacarbazine, EPI epirubicin, EVE everolimus, EVO Evofosfamide, FOLFIRI "
            "5-fluorouracile- Irinotecan, FOLFOX 5-fluorouracile-oxaliplatin, m months, mOS median overall survival, "
            "mPFS median progression free survival, NETs neuroendocrine tumors, NECs neuroendocrine carcinomas, NR not "
            "reported, ns non signicant, OCT octreotide, ORR objective response rate, P-NETs pancreatic neuroendocrine "
            "tumors, STZ streptozocin, SUN, TEM temozolomide; VP-16 etoposide, y years, XELOX capecitabine-oxaliplatin",
            "* If more histologies included",
            "a  In the entire cohort, not specific of P-NETs",
            "b TTP time to tumor progression",
        ],
        "rows": """
# Classical regimens based on STZ, DOXO and DTIC
Moertel et al // 1980 [11] | III | 84 | STZ + 5-FU vs STZ | 63.0 vs 36.0 | NR | 26.0 vs 16.5 // (P = ns)
Moertel et al // 1992 [12] | III | 105 | STZ + DOXO vs // STZ + 5-FU vs CTZ | 69.0 vs 45.0 vs 30.0 // ( P = 0.005) | 20.0 vs 6.9 vs NR b // ( P < 0.001) | 26.4 vs 16.8 vs 18 // (P < 0.004)
Meyer et al // 2014 [13] | II | 86 (41) | STZ + CAP vs // STZ + CAP + CDDP | 12 vs. 16 a | 10.2 vs 9.7 a // (HR 0.74/P = NR) | 26.7 vs 27.5 a // (HR 1.16/P = NR)
Ramanathan RK et al. // 2001[15] | II | 52 | DTIC (high dose) | 34.0 | NR | 19.3
Bajetta E. et al // 1998 [17] | II | 30 (15) | DTIC + 5-FU + EPI | 27.0 | NR | Not reached
Bajetta E et al. // 2002 [16] | II | 82 (28) | DTIC + 5-FU + EPI | 24.4 a | 21.0 a/b | 38.0 a
Ducreux et al // 2014 [14] | II | 34 | BEVA + 5-FU + STZ | 52.0 | 26.3 | Not reached
# Temozolomide and Capecitabine based regimens
Pamela L. Kunz et al. // 2018 [31] | II | 144 | CAPTEM vs TEM | 33.3 vs 27.8 | 22.7 vs 14.4 // (HR 0.58/P = 0.023) | Not reached vs 38.0 // (HR 0.41/P = 0.012)
Pavlakis N et al. // 2020 [36] | II | 28 | CAPTEM vs 177Lu-Octreo- // tate + CAPTEM | 33.3 vs 66.7 | NR | NR
Claringbold P.G et al. // 2016 [35] | II | 30 | CAPTEM + 177Lu-Octreotate | 80.0 | 48.0 | Not reached
Fine et al // 2014 [50] | II | 28 (11) | CAPTEM | 36.0 | Not reached | Not reached
Kulke et al // 2006 [20] | II | 29 (11) | TEM + Thalidomide | 45.0 | Not reached | Not reached
Chan JA et al // 2012 [21] | II | 34 (15) | TEM + BEVA | 33.0 | 14.3 | 41.7
Chan JA et al // 2013 [22] | I/II | 40 | TEM + EVE | 40.0 | 15.4 | Not reached
# Platinum, 5-FU or other cytotoxic-based regimens
Moertel et al // 1991 [41] | II | 45 (14) | CDDP + VP-16 | 14.0 | 4.0 | 15.5
Fjällskog ML et al. // 2001 [42] | II | 36 (11) | CDDP + VP-16 | 27.0 | NR | 13.0 (including 11 // NETs + 4 NECs)
Bajetta et al // 2007 [43] | II | 27 (11) | XELOX | 27.3 | 20.0 a/b | 40.0 a
Kunz PL et al // 2016 [44] | II | 16 | XELOX + BEVA | 18.8 | 15.7 | 38.0
Kunz PL et al // 2016 [44] | II | 12 | FOLFOX + BEVA | 50.0 | 21.0 | 31.0
Berruti et al // 2014 [51] | II | 45 (19) | CAP + BEVA + OCT | 26.3 | 14.3 | Not reached
Ducreux et al // 2006 [39] | II | 20 (10) | FOLFIRI | 10.0 | 5.0 a | 15.0 a
Brixi-Benmansour et al. // 2011[38] | II | 20 | FOLFIRI | 5.0 | 9.1 | NR
Grande et al // 2019 [45] | II | 17 | SUN + EVO | 17.6 | 10.38 | Not reached
""",
    },
    2: {
        "caption": "Chemotherapy in EP-NETs: results from phase III and selected phase II trials",
        "header": ["Author", "Phase", "N (GI/L)", "Treatment", "ORR (%)", "mPFS (months)", "mOS (months)"],
        "widths": [33, 11, 17, 37, 31, 28, 27],
        "footnotes": [
            "BEVA Bevacizumab, CAP capecitabine, CAPTEM capecitabine-temozolomide, CDDP cisplatin, CTX cyclophosphamide, "
            "DOXO doxorrubicin, DTIC dacarbazine, EPI epirubicin, EVE everolimus, FOLFOX 5-fluorouracile-oxaliplatin, GI "
            "gastrointestinal, L lung, LAN lanreotide autogel, m months, mOS median overall survival, mPFS median "
            "progression free survival, NR not reported, ns non signicant, OCT octreotide, ORR objective response rate, "
            "PRRT peptide receptor radionuclide therapy, STZ streptozocin, TEM temozolomide, VP-16 etoposide, XELOX "
            "capecitabine-oxaliplatin, 5-FU 5-fluorouracil",
            "a EP-NETs or carcinoids not otherwise specify",
            "b TTP time to tumor progression",
        ],
        "rows": """
# Classical regimens based on STZ, DOXO and DTIC
Moertel et al // 1979 [52] | III | 118 (50/17) | STZ + 5-FU vs STZ + CTX | 33.0 vs 26.0 (GI: 36.4 // vs. 37.5/L: 28.6 vs // 0.0) | NR | 11.2 vs 12.5
Engstrom et al. // 1984 [53] | II/III | 172 (85/18) | 5-FU + STZ vs DOXO | 22.0 vs 21.0 | NR | 16.0 vs 12.0 // (P = ns)
Sun et al // 2005 [54] | II/III | 176 (55/22) | DOXO + 5FU vs // STZ + 5-FU | 15.9 vs 16.0 // (P = ns) | 4.5 vs 5.3 // (P = ns) | 15.7 vs 24.3 // (P = 0.027)
Sun et al // 2005 [54] | II/III | 61 (21/11) | DTIC | 8.2 | NR | 11.9
Dahan et al // 2009 [55] | III | 64 (42/3) | INFα-2A vs STZ + 5FU | 9.0 vs 3.0 | 14.1 vs 7.3 // (HR 0.75/P = 0.25) | 44.3 vs 30.4 // (P = 0.83)
Bokowski et al // 1994 [56] | II | 56 (28/7) | DTIC | 15.0 | NR | 20.0
Bajetta E. et al // 1998 [17] | II | 30 (6/3) | DTIC + 5-FU + EPI | 30.0 (GI:17.0/L: NR) | Not reached | Not reached
Bajetta E et al. // 2002 [16] | II | 82 (17/7) | DTIC + 5-FU + EPI | 24.4 (L:14.0) | 21.0 b | 38.0
Meyer et al // 2014 [13] | II | 86 (17/0) | STZ + CAP vs // STZ + CAP + CDDP | 12.0 vs 16.0 | 10.2 vs 9.7 // (P = NR/HR 0.74) | 26.7 vs 27.5 // (HR 1.16/P = NR)
# Capecitabine and Temozolomide based combinations
Ferolla et al. // 2020 [61] | II | 40 (0/36) | LAN + TEM | 2.5 | 9.2 | Not reached
Kulke et al // 2006 [20] | II | 29 (11a) | TEM + Thalidomide | 25 (7.0 a) | Not reached | Not reached
Chan JA et al // 2012 [21] | II | 34 (19 a) | TEM + BEVA | 15 (0.0 a) | 11.0 (7.3 a) | 33.3 (18.8 a)
Mitry et al // 2014 [59] | II | 49 (49/0) | CAP + BEVA | 18.0 | 23.4 | Not reached
Claringbold P.G et al. // 2012 [34] | II | 35 (15/2) | CAPTEM + 177-Lu- // Octreotate | 53.0 | 31.0 | Not reached
Fine et al // 2014 [50] | II | 28 (0/12) | CAPTEM | 43.0 // (L:41.0) | Not reached | Not reached
Berruti et al // 2014 [51] | II | 26 (13/8) | CAP + BEVA + OCT | 11.5 | 14.9 // (GI:14.3/L: 18.6) | Not reached // (L: 38.0)
Pavlakis et al. // 2020 [36] | II | 47 (47/0) | CAPTEM + PRRT vs. // PRRT | 31.3 vs 15.4 | Not reached | Not reached
# Platinum-based regimens
Moertel et al. // 1991 [41] | II | 27 (13a) | CDDP + VP-16 | 7.0 (0.0a) | NR (3.0a) | 15.0 (10.5a)
Fjällskog ML et al. // 2001 [42] | II | 36 (3/18) | CDDP + VP-16 | 36.0 // (GI:33.0/L: 39.0) | NR | 19.0 // (GI:10/L:26.0)
Bajetta et al // 2007 [43] | II | 27 (8/5) | XELOX | 30,0 // (GI:0.0/L: 60.0) | 20.0 b | 40.0
Kunz PL et al // 2016 [44] | II | 20 | XELOX + BEVA | 5.0 | 19.1 | 42.2
Kunz PL et al // 2016 [44] | II | 22 | FOLFOX + BEVA | 18.0 | 19.3 | 33.1
""",
    },
    3: {
        "caption": "Chemotherapy in NECs: Prospective and selected retrospective studies",
        "header": ["Author", "Type of study", "N", "Primary site", "Treatment", "ORR (%)", "mPFS (months)", "mOS (months)"],
        "widths": [28, 22, 10, 28, 40, 16, 17, 19],
        "footnotes": [
            "BEVA Bevacizumab, CAPE capecitabine, CAPOXIRI Capecitabine, Oxaliplatin Irinotecan, CBDCA carboplatin, CDDP "
            "cisplatin, FFCD Fédération Francophonede Cancérologie Digestive, FOLFIRI 5-Fluorouracile-irinotecan, FOLFOX "
            "5- Fluorouracile-oxaliplatin, GI gastro-intestinal, GEP gastroenteropancreatic, HB hepatobiliary, HN head and "
            "neck, IP Irinotecan-platinum, IRI Irinotecan, L lung, MANEC Mixed adenoneuroendocrine carcinoma, mOS median "
            "overall survival, mPFS median progression free survival, NEC neuroendocrine carcinoma, NR not reported, NTR "
            "national tumor registry, ORR overall response rate, OS overall survival, PAZO Pazopanib, PFS progression free "
            "survival, RENATEN Groupe d’étude des Tumeurs Endocrines [GTE], RGETNE Registro del grupo español de tumores "
            "neuroendocrinos, TENpath Réseau national d’expertise pour le diagnostic anatomopathologique des tumeurs "
            "neuroendocrines de l’adulte, familiales et sporadiques, TTP time to tumor progression, U unknown, VINC "
            "vincristine, VP-16 etoposide, XELOX capecitabine + Oxaliplatin",
            "a Data from the entire cohort, no specific of the subgroup",
            "b TTP time to tumor progression",
        ],
        "rows": """
# First line
Moertel et al. 1991 // [41] | II | 18 | GEP (14)/L // (1)/U(3) | CDDP + VP-16 | 67.0 | 11.0 | 19.0
Hainsworth // et al. 2006 [79] | II | 78 | GEP (15)/L (7)/U // (48)/ other (8) | Paclitaxel + CBDCA + VP-16 | 53.0 | 7.5 | 14.5
Bajetta et al. 2007 // [43] | II | 13 | GEP (5)/L (5)/ // other (3) | XELOX | 23.0 | 4.0 b | 5.0
Mani et al. // 2008 [86] | II | 20 | NEC (NR) | CDDP + IRI | 58.0 | 4.0 b | NR
Alifieris et al. 2020 // [89] | II | 22 | GI | CAPOXIRI-BEVA // PAZO + CAPE | 47.4 | 13.0 | 29.0
Walter T et al. // 2017 [75] | NTR(RENATEN, // FFCD,TENpath) | 152 | GEP/U | CDDP + VP-16 (113) // CBDCA + VP-16 (39) | 50.0 | 6.2 | 11.6
Mitry et al. 1999 // [70] | Retrospective | 41 | GEP (20)/L (10)/ // HN (4)/ U (7) | CDDP + VP-16 | 41.5 | 8.9 | 15.0
Iwasa et al. 2010 // [71] | Retrospective | 21 | P (10)/ HB (11) | CDDP + VP-16 | 14.0 | 1.8 | 5.8
Sorbye et al. 2013 // [69] | NTR // (NORDIC) | 252 | GEP (174)/ U (78) | CDDP + VP-16 (129) // CBDCA + VP-16 (67) // CBDCA + VP-16 + VINC(28) | 31.0 // 30.0 // 44.0 | 4.0 // 4.0 // 4.0 | 12.0 // 11.0 // 10.0
Yamaguchi, 2014 // [74] | Retrospective | 206 | GEP | CDDP + VP-16 (46) // CDDP + IRI (160) | 28.0 // 50.0 | 4.0 // 5.2 | 7.3 // 13.0
Frizziero // et al. 2019 [76] | Retrospective | 98 | GEP (72)/ U (26)/ // other a | CBDCA + VP-16 | 47.9 | 6.0 | 11.5
Jimenez-Fonseca // et al. 2020 // [78, 100] | NTR (RGETNE) | 279 | GEP (70%) U // (16%) | CDDP/CBDCA + VP-16 | 73.0 | 6.1 | 14
Okita et al. 2011 // [82] | Retrospective | 12 | Gastric | CDDP + IRI | 75.0 | 7.0 | 22.6
Nakano et al. 2012 // [84] | Retrospective | 28 | GEP (9)/ U (12)/ // others (23)a | CDDP + IRI | 64.0 | 7.3 | 16.0
Ramella et al. 2013 // [81] | Retrospective | 28 | GEP (19)/ U (6)/ // others (2) | CDDP + IRI (25) // CBDCA + IRI (3) | 46.0 | 3.7 b | 11.7
Lu et al. 2013 [85] | Retrospective | 16 | GEP | CDDP + IRI | 57.1 | 5.5 | 10.6
Okuma et al. 2014 // [83] | Retrospective | 12 | Esophageal | CDDP + IRI | 50.0 | 4.0 | 12.6
# Second line and beyond
Kobayashi et al. // 2021 [95] | II | 13 | GEP (10)/ U (1)/ // other (2) | TEM | 15.4 | 1.8 | 7.8
Walter T et al. // 2017 [75] | NTR(RENATEN, // FFCD,TENpath) | 105 | GEP and U | FOLFIRI (72) // FOLFOX (33) | 24.0 // 16.0 | 2.9 // 2.3 | 5.9 // 3.9
Welin T et al. 2011 // [93] | Retrospective | 25 | GEP (17)/ L (3)/ // U (5) | TEM ± CAPE ± BVZ | 33.0 | 6.0 | 22.0
Olsen et al. 2012 // [94] | Retrospective | 28 | GEP (18)/ L (1)/ // U (6) | TEM | 0.0 | 2.4 | 3.5
Hentic et al. 2012 // [90] | Retrospective | 19 | GEP | FOLFIRI | 31.0 | 4.0 | 18.0
Sorbye et al. 2013 // [69] | Retrospective | 100 | GEP and U | Various (35% TEM, 20% // taxanos…) | 18.0 | NR | 19.0
Ferrarotto et al. // 2013 [91] | Retrospective | 24 | GEP (18)/ L (4)/ // U (2) | XELOX | 29.0 | 9.8 b | Not reached
Hadoux et al. 2015 // [92] | Retrospective | 20 | GEP (12)/ L (4)/ U // (2)/ other (2) | FOLFOX | 29.0 | 4.5 | 9.9
---
Yamaguchi, 2014 // [74] | Retrospective | 116 | GEP/ HB | Amrubicin // CCDP or CBDCA + VP-16 // IRI // S-1 // CDDP + IRI | 4.0 // 17.0 // 5.0 // 27.0 // 40.0 | 1.9 // 1.9 // 2.2 // 2.4 // 4.8 | 8.0 // 5.0 // 6.0 // 12.0 // 9.0
Frizziero et al. // 2019 [76] | Retrospective | 17 | GEP/ U/ other a | CBDCA + VP-16 | 23.5 | 4.5 | 12.5
""",
    },
}


# --------------------------------------------------------------------------------------------------------
# Reading the seed text into layout elements
# --------------------------------------------------------------------------------------------------------
def find_seed(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    for cand in SEED_CANDIDATES:
        if cand.exists():
            return cand
    raise SystemExit(f"seed text {SEED_NAME} not found in {[str(c) for c in SEED_CANDIDATES]}")


TABLE_START = re.compile(r"^\s*Table\s*(\d+)\s+(\(continued\)|\S)")
HEADING = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(?:\ufffd\s*)?([A-Z].*)$")
NAMED_HEADINGS = {"Abstract", "Abbreviations", "Key messages", "Key Messages", "Adjuvant treatment",
                  "Metastatic disease"}
DROP_LINE = re.compile(r"^(https?://\S+|596\s+Reviews in Endocrine.*|1 3)\s*$")
ABBREV = re.compile(r"^\s*(\S+)\t\ufffd\s*(.*)$")
TERMINAL = re.compile(r"[.:!?]\s*$")


def strip_table_regions(lines: list[str]) -> tuple[list[str], list[int]]:
    """Cut the linearised tables out; returns the remaining lines and the line index where each table was."""
    out, anchors, i = [], [], 0
    while i < len(lines):
        m = TABLE_START.match(lines[i])
        if m and (lines[i].startswith(" ") or m.group(2) == "(continued)"):
            if m.group(2) != "(continued)":
                anchors.append((len(out), int(m.group(1))))
                out.append(f"\x00TABLE {m.group(1)}")
            i += 1
            while i < len(lines) and not lines[i].startswith(" "):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return out, anchors


def join_lines(parts: list[str]) -> str:
    """Join the lines of one paragraph; a line-end hyphen between lower-case letters becomes a soft hyphen."""
    text = ""
    for raw in parts:
        line = raw.strip().replace("\t", " ")
        if not line:
            continue
        if not text:
            text = line
        elif re.search(r"[a-zà-ÿ]-$", text) and re.match(r"[a-zà-ÿ]", line):
            text = text[:-1] + SOFT_HYPHEN + line
        elif text.endswith("-"):
            text += line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).replace("\ufffd", "").strip()


def seed_elements(seed_text: str) -> list[tuple]:
    """The seed as an ordered list of (kind, payload): heading, para, bullet, caption, abbrevs, affil, table."""
    lines = seed_text.splitlines()
    lines, anchors = strip_table_regions(lines)
    elements: list[tuple] = []
    pending_tables: list[int] = []
    para: list[str] = []
    kind = "para"

    def flush(force: bool = False):
        nonlocal para, kind
        if para:
            text = join_lines(para)
            if text:
                elements.append((kind, text))
        para, kind = [], "para"
        if pending_tables and (force or not elements or elements[-1][0] != "para" or TERMINAL.search(elements[-1][1])):
            for n in pending_tables:
                elements.append(("table", n))
            pending_tables.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\x00TABLE "):
            pending_tables.append(int(line.split()[1]))
            i += 1
            continue
        stripped = line.strip()
        if DROP_LINE.match(stripped):
            i += 1
            continue
        # abbreviation list: "ABBR<TAB>\ufffd Expansion"; other lines up to the next heading or the
        # correspondence block continue the previous entry (the original wraps long expansions)
        if ABBREV.match(line.lstrip()):
            flush()
            abbrevs: list[list[str]] = []
            while i < len(lines):
                cur = lines[i]
                st = cur.strip()
                am = ABBREV.match(cur.lstrip())
                if am:
                    abbrevs.append([am.group(1), am.group(2).strip()])
                elif not st or DROP_LINE.match(st):
                    pass
                elif st.startswith("*") or HEADING.match(cur) or st in NAMED_HEADINGS:
                    break
                else:
                    abbrevs[-1][1] += " " + st
                i += 1
            elements.append(("abbrevs", [(a, " ".join(e.split())) for a, e in abbrevs]))
            continue
        # correspondence / affiliation block
        if stripped.startswith("*\t") or stripped.startswith("* "):
            flush()
            block = [stripped.lstrip("*").strip()]
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("http") and not DROP_LINE.match(lines[i].strip()):
                if lines[i].strip():
                    block.append(lines[i].strip())
                i += 1
            elements.append(("affil", "* " + " ".join(" ".join(block).split())))
            continue
        if stripped in NAMED_HEADINGS:
            flush()
            elements.append(("heading", stripped))
            i += 1
            continue
        hm = HEADING.match(line)
        if hm and len(stripped) < 90 and not stripped.endswith(".") and not para:
            flush()
            head = [stripped]
            i += 1
            while i < len(lines) and lines[i].strip() and not lines[i].startswith("\x00"):
                head.append(lines[i].strip())
                i += 1
            elements.append(("heading", join_lines(head)))
            continue
        if re.match(r"Fig\.\s*\d", stripped):
            # a figure caption interrupts the paragraph; lay it out after that paragraph
            cap = [stripped]
            i += 1
            while i < len(lines) and not lines[i].startswith((" ", "\x00")):
                cap.append(lines[i])
                i += 1
            pending_caption = ("caption", join_lines(cap))
            # finish the interrupted paragraph first
            j = i
            rest: list[str] = []
            while j < len(lines) and lines[j].strip() and not lines[j].startswith("\x00"):
                rest.append(lines[j])
                j += 1
            para.extend(rest)
            flush()
            elements.append(pending_caption)
            i = j
            continue
        if stripped.startswith("•"):
            flush()
            kind = "bullet"
            para = [stripped.lstrip("•").strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith("•") \
                    and not lines[i].startswith("\x00"):
                para.append(lines[i])
                i += 1
            flush()
            continue
        if not stripped:
            # a blank line ends a paragraph only where the sentence ends (page and column breaks do not)
            if para and TERMINAL.search(join_lines(para)):
                flush()
            i += 1
            continue
        if para and line.startswith(" ") and TERMINAL.search(join_lines(para)):
            flush()
        para.append(line)
        i += 1
    flush(force=True)
    return elements


# --------------------------------------------------------------------------------------------------------
# Tables: parsing the data above and checking it against the seed
# --------------------------------------------------------------------------------------------------------
def table_rows(spec: dict) -> list[tuple[str, object]]:
    """[("section", text) | ("row", [cell lines...]) | ("break", None)] in order."""
    out: list[tuple[str, object]] = []
    for raw in spec["rows"].strip().splitlines():
        if raw.startswith("# "):
            out.append(("section", raw[2:].strip()))
        elif raw.strip() == "---":
            out.append(("break", None))
        else:
            cells = [c.strip() for c in raw.split(" | ")]
            if len(cells) != len(spec["header"]):
                raise ValueError(f"row has {len(cells)} cells, header {len(spec['header'])}: {raw}")
            out.append(("row", [c.split(BREAK.strip()) for c in cells]))
    return out


def check_cells_in_seed(seed_text: str) -> list[str]:
    """Every whitespace token of every cell must occur in the seed (catches transcription slips)."""
    tokens = set(seed_text.split())
    seed_flat = " ".join(seed_text.split())
    missing = []
    for n, spec in TABLES.items():
        for kind, payload in table_rows(spec):
            if kind == "section":
                if payload not in seed_flat:
                    missing.append(f"Table {n} section {payload!r}")
            elif kind == "row":
                for cell in payload:
                    for line in cell:
                        for tok in line.split():
                            if tok not in tokens and tok not in seed_flat:
                                missing.append(f"Table {n}: {tok!r} in {line!r}")
    return missing


# --------------------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------------------
def font_path(name: str) -> str:
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f"font {name} not found in {FONT_DIRS}; install fonts-dejavu-core")


class ReviewPdf(FPDF):
    def header(self):
        self.set_font("Sans", "", 7.5)
        self.set_text_color(60, 60, 60)
        number = FIRST_PAGE_NUMBER + self.page_no() - 1
        if self.page_no() == 1:
            self.set_xy(15, 9)
            self.cell(90, 4, JOURNAL, align="L")
            self.set_xy(105, 9)
            self.cell(90, 4, DOI_URL, align="R")
        elif self.page_no() % 2 == 0:
            self.set_xy(15, 9)
            self.cell(180, 4, f"{number}    {JOURNAL}", align="L")
        else:
            self.set_xy(15, 9)
            self.cell(180, 4, f"{JOURNAL}    {number}", align="R")
        self.set_text_color(0, 0, 0)
        self.set_xy(LEFT, TOP)

    def footer(self):
        self.set_font("Sans", "B", 8)
        self.set_xy(15, 286)
        self.cell(180, 4, "1 3", align="C")
        self.set_xy(LEFT, TOP)


BODY_PT = 8.6
TABLE_PT = 6.8
TABLE_LH = 3.0  # mm per line inside a table cell
ROW_PAD = 1.1  # mm above and below each row
LEFT, RIGHT, TOP, BOTTOM = 15.0, 15.0, 18.0, 20.0
PAGE_W, PAGE_H = 210.0, 297.0


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        trial = (cur + " " + w).strip()
        if cur and pdf.get_string_width(trial) > width:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines or [""]


def draw_table(pdf: FPDF, n: int, spec: dict) -> None:
    widths = spec["widths"]
    scale = (PAGE_W - LEFT - RIGHT) / sum(widths)
    widths = [w * scale for w in widths]
    xs = [LEFT + sum(widths[:i]) for i in range(len(widths))]
    x_end = PAGE_W - RIGHT
    pad_x = 1.0
    page_bottom = PAGE_H - BOTTOM

    def cell_lines(cell: list[str], width: float) -> list[str]:
        out: list[str] = []
        for line in cell:
            out.extend(wrap(pdf, line, width - 2 * pad_x))
        return out

    def caption(continued: bool):
        pdf.set_font("Sans", "B", 8)
        pdf.set_xy(LEFT, pdf.get_y())
        label = f"Table {n}"
        pdf.cell(pdf.get_string_width(label) + 3, 4.5, label)
        pdf.set_font("Sans", "", 8)
        pdf.cell(0, 4.5, "(continued)" if continued else spec["caption"])
        pdf.ln(6.5)

    def header_row():
        pdf.set_font("SansC", "B", TABLE_PT)
        y0 = pdf.get_y()
        pdf.line(LEFT, y0, x_end, y0)
        cells = [cell_lines(h.split(BREAK), w) for h, w in zip(spec["header"], widths)]
        height = max(len(c) for c in cells) * TABLE_LH + 2 * ROW_PAD
        for x, lines in zip(xs, cells):
            for k, line in enumerate(lines):
                pdf.set_xy(x + pad_x, y0 + ROW_PAD + k * TABLE_LH)
                pdf.cell(0, TABLE_LH, line.strip())
        pdf.line(LEFT, y0 + height, x_end, y0 + height)
        pdf.set_y(y0 + height + 0.6)

    pdf.add_page()
    pdf.set_y(TOP + 2)
    caption(False)
    header_row()
    rows = table_rows(spec)
    for kind, payload in rows:
        pdf.set_font("SansC", "", TABLE_PT)
        if kind == "break" or (kind == "row" and pdf.get_y() + max(
                len(cell_lines(c, w)) for c, w in zip(payload, widths)) * TABLE_LH + 2 * ROW_PAD > page_bottom - 4):
            pdf.line(LEFT, pdf.get_y() + 0.4, x_end, pdf.get_y() + 0.4)
            pdf.add_page()
            pdf.set_y(TOP + 2)
            caption(True)
            header_row()
            if kind == "break":
                continue
        y0 = pdf.get_y()
        if kind == "section":
            pdf.set_font("SansC", "I", TABLE_PT)
            pdf.set_xy(LEFT + pad_x, y0 + ROW_PAD)
            pdf.cell(0, TABLE_LH, payload)
            pdf.set_y(y0 + TABLE_LH + 2 * ROW_PAD)
            continue
        cells = [cell_lines(c, w) for c, w in zip(payload, widths)]
        for x, lines in zip(xs, cells):
            for k, line in enumerate(lines):
                pdf.set_xy(x + pad_x, y0 + ROW_PAD + k * TABLE_LH)
                pdf.cell(0, TABLE_LH, line)
        pdf.set_y(y0 + max(len(c) for c in cells) * TABLE_LH + 2 * ROW_PAD)
    y = pdf.get_y() + 0.4
    pdf.line(LEFT, y, x_end, y)
    pdf.set_y(y + 2)
    pdf.set_font("Sans", "", 6.3)
    for note in spec["footnotes"]:
        pdf.set_x(LEFT)
        pdf.multi_cell(PAGE_W - LEFT - RIGHT, 2.8, note, align="L")


def build(seed_text: str, output: Path, *, repeat: int = 1) -> int:
    """Write the PDF; ``repeat`` lays the review out several times over (for benchmarks). Returns the page count."""
    missing = check_cells_in_seed(seed_text)
    if missing:
        raise SystemExit("table cells not found in the seed:\n  " + "\n  ".join(missing))
    elements = seed_elements(seed_text)

    pdf = ReviewPdf(format="A4", unit="mm")
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title("Chemotherapy review (seed 003) laid out for PDF extraction tests")
    pdf.set_author("evidence-pipeline sample_docs")
    pdf.set_creator("sample_docs/pdf/make_seed_review_pdf.py")
    pdf.set_producer("fpdf2")
    pdf.set_subject(f"doi:{DOI_URL.split('doi.org/')[1]}")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.add_font("Serif", "", font_path("DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", font_path("DejaVuSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", font_path("DejaVuSerif-Italic.ttf"))
    pdf.add_font("Sans", "", font_path("DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", font_path("DejaVuSans-Bold.ttf"))
    pdf.add_font("SansC", "", font_path("DejaVuSansCondensed.ttf"))
    pdf.add_font("SansC", "B", font_path("DejaVuSansCondensed-Bold.ttf"))
    pdf.add_font("SansC", "I", font_path("DejaVuSansCondensed-Oblique.ttf"))

    pdf.add_page()
    pdf.set_y(TOP + 2)

    def new_columns():
        return pdf.text_columns(ncols=2, gutter=6, text_align="J", line_height=1.18,
                                l_margin=LEFT, r_margin=RIGHT)

    cols = new_columns()
    cols.__enter__()
    for kind, payload in elements * repeat:
        if kind == "table":
            cols.__exit__(None, None, None)
            draw_table(pdf, payload, TABLES[payload])
            pdf.add_page()
            pdf.set_y(TOP + 2)
            cols = new_columns()
            cols.__enter__()
            continue
        if kind == "heading":
            pdf.set_font("Serif", "B", BODY_PT + 1.2)
            with cols.paragraph(text_align="L", top_margin=2.2, bottom_margin=1.4) as par:
                par.write(text=payload)
        elif kind == "abbrevs":
            pdf.set_font("Sans", "", BODY_PT - 1.6)
            for abbr, expansion in payload:
                with cols.paragraph(text_align="L", bottom_margin=0.2) as par:
                    pdf.set_font("Sans", "B", BODY_PT - 1.6)
                    par.write(text=abbr + " ")
                    pdf.set_font("Sans", "", BODY_PT - 1.6)
                    par.write(text=expansion)
            pdf.set_font("Serif", "", BODY_PT)
            with cols.paragraph(bottom_margin=1.5) as par:
                par.write(text=" ")
        elif kind == "caption":
            pdf.set_font("Sans", "", BODY_PT - 1.4)
            with cols.paragraph(text_align="L", top_margin=1.5, bottom_margin=2.5) as par:
                pdf.set_font("Sans", "B", BODY_PT - 1.4)
                label, _, rest = payload.partition("   ")
                par.write(text=label + " ")
                pdf.set_font("Sans", "", BODY_PT - 1.4)
                par.write(text=" ".join(rest.split()))
        elif kind == "affil":
            pdf.set_font("Sans", "", BODY_PT - 1.8)
            with cols.paragraph(text_align="L", top_margin=1.0, bottom_margin=2.0) as par:
                par.write(text=payload)
        elif kind == "bullet":
            pdf.set_font("Serif", "", BODY_PT)
            with cols.paragraph(text_align="J", bottom_margin=1.2) as par:
                par.write(text="\u2022 " + payload)
        else:
            pdf.set_font("Serif", "", BODY_PT)
            with cols.paragraph(text_align="J", bottom_margin=1.8) as par:
                par.write(text=payload)
    cols.__exit__(None, None, None)
    output.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(output))
    return pdf.page_no()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", help="seed text (default: sample_docs/seeds/... else /work/shared/seeds/...)")
    ap.add_argument("--output", default=str(HERE / "seed_review_003.pdf"))
    ap.add_argument("--repeat", type=int, default=1, help="the review this many times over (a long PDF for benchmarks)")
    args = ap.parse_args(argv)
    seed = find_seed(args.seed)
    build(seed.read_text(encoding="utf-8"), Path(args.output), repeat=args.repeat)
    print(f"wrote {args.output} from {seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

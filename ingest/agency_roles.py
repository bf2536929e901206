"""How a role cell is named when the lexicon cannot give it a unit's canonical name.

Two kinds of role cells keep their own words:
- a collective cell ("Các phòng, ban, đơn vị liên quan", "Các phòng chuyên môn UBND thị xã"):
  a group, not one unit, so the scheme label it happens to match ("Các phòng ban chuyên môn")
  would change what the plan says;
- a name the lexicon does not know ("cấp ủy, chính quyền cấp xã").
Both are shown as printed, with marks restored when the document lost them, so two OCR
spellings of one name ("cap uy ...", "cip uy ...") become one name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ingest.agency_matching import AgencyMention
from ingest.normalize import nfc, strip_marks

# Between two mentions of one cell: a list separator makes them two units; anything else (a
# space, "trực thuộc") makes the later one qualify the first ("Các phòng chuyên môn UBND thị xã").
_SEPARATOR = re.compile(r"[,;/+&]|\bva\b")


def collective_cell(text: str, mentions: list[AgencyMention]) -> bool:
    """Whether a role cell names a group as a whole: it opens with a collective mention and
    whatever other unit follows only qualifies it."""
    if not mentions or not mentions[0].generic or text[:mentions[0].start].strip(" -–•+*"):
        return False
    return not any(_SEPARATOR.search(strip_marks(text[a.end:b.start]).lower())
                   for a, b in zip(mentions, mentions[1:], strict=False))


def clean_cell(text: str) -> str:
    text = nfc(text).strip(" \t-–—:;,.()|")
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=4096)
def display_name(text: str, lost_marks: bool) -> str:
    """A cell's words for display: cleaned, marks restored when the document lost them, first
    letter capitalised as unit names are written."""
    name = clean_cell(text)
    if lost_marks or _damaged(name):
        from ingest.diacritics import needs_restoration, restore

        if needs_restoration(name):
            name = restore(name, True)
    return name[:1].upper() + name[1:]


def _damaged(name: str) -> bool:
    """OCR of Vietnamese by an English model: unmarked words mixed with a few marked ones."""
    words = re.findall(r"[^\W\d_]{2,}", name)
    plain = sum(1 for w in words if w.isascii())
    return bool(words) and plain / len(words) >= 0.6


def verbatim(text: str, first: AgencyMention, lost_marks: bool) -> AgencyMention:
    """The whole cell as one collective mention named as printed."""
    return replace(first, start=0, end=len(text), surface=text,
                   name=display_name(text, lost_marks), generic=True)

"""Agency names: canonicalise within a plan, and the ``collect_agencies`` pipeline stage.

Plans name the same unit many ways ("Phòng VHXH", "Phong Van hoa Xa hoi", "Phòng Văn hóa – Xã
hội"); the stage gives each unit one name, the fullest form the plan writes, and keeps the
others as aliases. Recognising names in text lives in :mod:`ingest.agency_matching` (over the
lexicon of :mod:`ingest.agency_lexicon`); this module re-exports what other stages import.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz, process

from ingest import agency_windows
from ingest.agency_lexicon import WORD, fold_key, level_word, lexicon
from ingest.agency_matching import (
    AgencyMention,
    agency_vocabulary_score,
    find_agencies,
    is_generic_name,
)
from ingest.agency_roles import collective_cell, display_name, verbatim
from ingest.document import SourceText
from ingest.normalize import fold, nfc, strip_marks
from ingest.places import is_below
from ingest.records import Agency, PlanRecord, Provenance
from ingest.table_collective import is_system_subject

__all__ = [
    "AgencyMention", "find_agencies", "canonical_agency_name", "agency_vocabulary_score",
    "collect_agencies", "level_word", "is_generic_name",
]

_OVERSIGHT_TYPES = {"DU", "HDND"}  # duties advise or report to them; that is no role
# a body named only as the author of documents: "hướng dẫn của Sở Giáo dục và Đào tạo"
_POSSESSIVE = re.compile(
    r"\b(van ban|ke hoach|huong dan|quy dinh|nghi quyet|chuong trinh|de an|chi dao|y kien|"
    r"quyet dinh|ke hoach hanh dong)\b[^.;]{0,30}\b(cua|ciia|cia|cta|ctia)\b[^.;:]{0,30}$")

# The matcher's internals under their former names, for its tests and bench/bench_extract.py.
_lexicon = lexicon
_within_reach = agency_windows.within_reach
_key_lengths = agency_windows.key_length_range
_plan = agency_windows.scan_plan
_FUZZY_CUTOFF = agency_windows.FUZZY_CUTOFF
_FUZZY_CUTOFF_LONG = agency_windows.FUZZY_CUTOFF_LONG
_LONG_CHARS = agency_windows.LONG_CHARS


def _clean(text: str) -> str:
    text = nfc(text).strip(" \t-–—:;,.()")
    return re.sub(r"\s+", " ", text)


def canonical_agency_name(text: str, locality: str | None = None) -> str:
    """The canonical name of one cell or mention; the cleaned text when nothing is known."""
    mentions = find_agencies(text, locality)
    if not mentions:
        return _clean(text)
    return max(mentions, key=lambda m: (m.end - m.start, m.confidence)).name


# --------------------------------------------------------------------------- pipeline stage

def _alias_form(m: AgencyMention, clean_text: bool) -> str:
    """A readable alias: the surface when it is the label in clean text, else the label
    (OCR surfaces like "Phong Kinh té" are not shown)."""
    surface = _clean(m.surface)
    label = m.label
    if m.level_seen and lexicon().policies[m.agency_type or ""].level != "never" and \
            fold_key(label)[-len(fold_key(m.level_seen)):] != fold_key(m.level_seen):
        label = f"{label} {m.level_seen}"
    if clean_text and fold_key(surface) == fold_key(label) and strip_marks(surface) != surface:
        return surface
    return label


@lru_cache(maxsize=4096)
def _committee_of(name: str) -> str | None:
    """The party committee a name belongs to ("Văn phòng Thị ủy" -> "Thị ủy"), if any."""
    key = f" {fold(name)} "
    for word in (*lexicon().party_committees, "Đảng ủy"):
        if f" {fold(word)} " in key:
            return word
    return None


#: A body of a level below the plan's, named without a place, stands for all of them: its
#: type -> the collective type ("UBND phường" in a town's plan is "UBND các phường, xã").
_LOWER_COLLECTIVE = {"UBND": "UBND-CAP-DUOI"}
def _unit_key(m: AgencyMention, plan_committee: str | None, local_level: str | None = None
              ) -> str:
    """Mentions with one key are one unit: its type, plus the committee when the mention
    names another committee than the plan's ("Ban Thường vụ Tỉnh ủy" in a Thị ủy plan), plus
    the level when it names another level than the plan's ("UBND phường" in a town's plan is
    not the town's UBND)."""
    committee = _committee_of(m.name)
    key = m.agency_type or ""
    if committee not in (None, "Đảng ủy", plan_committee):
        key = f"{key}|{committee}"
    if m.level_seen and local_level and m.level_seen != local_level:
        key = f"{key}@{m.level_seen}"
    return key


def _unify(mentions: list[AgencyMention], notation: str, locality: str | None,
           plan_committee: str | None) -> str:
    """One canonical name for a unique type in one plan: the fullest form the plan writes."""
    lex = lexicon()
    policy = lex.policies[notation]
    local = level_word(locality)
    displays = {p.label: p.display for p in lex.patterns if p.notation == notation}

    def rank(m: AgencyMention) -> tuple[bool, bool, int, float]:
        own = plan_committee is not None and _committee_of(m.label) == plan_committee
        return (displays.get(m.label) == m.label, own, len(fold_key(m.label)), m.confidence)

    fullest = max(mentions, key=rank)
    display = displays.get(fullest.label, fullest.name)
    if plan_committee in lex.party_committees and _committee_of(display) is None and \
            f"{display} {plan_committee}" in displays.values():
        display = f"{display} {plan_committee}"  # a Thị ủy plan's "Ban Nội chính" is its own
    seen_local = any(m.level_seen and (not local or m.level_seen == local) for m in mentions)
    word = None
    if policy.level == "always" or (policy.level == "seen" and seen_local):
        word = local or next((m.level_seen for m in mentions if m.level_seen), None)
    return f"{display} {word}" if word else display


def _roles(record: PlanRecord) -> list[tuple[object, str, Provenance | None]]:
    """(owner object, attribute, provenance) of every role list or role string in the record."""
    out: list[tuple[object, str, Provenance | None]] = []
    for task in record.tasks:
        out += [(task, "lead", task.provenance), (task, "support", task.provenance)]
    for ind in record.indicators:
        out.append((ind, "owner", ind.provenance))
    for asg in record.assignments:
        out.append((asg, "agency", asg.provenance))
    return out


def collect_agencies(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: canonicalise every role name and fill ``record.agencies``.

    Roles are task lead/support, indicator owners and assignment agencies; units named inside
    assignment duties ("phối hợp với Đoàn Thanh niên") are given a role too. Role cells naming
    several units are split; collective cells stay verbatim and are not listed. Aliases are
    the other ways this document writes each agency, provenance its first mention.
    """
    locality = record.header.locality
    local_level = level_word(locality)
    lex = lexicon()
    lost = source.lost_diacritics
    # 1. mentions in the roles
    role_mentions: dict[tuple[int, str], list[AgencyMention]] = {}
    for owner, attr, _ in _roles(record):
        value = getattr(owner, attr)
        items = value if isinstance(value, list) else [value]
        found: list[AgencyMention] = []
        for item in items:
            ms = find_agencies(item, locality) if item else []
            if ms and is_system_subject(item):  # "Các cấp ủy, chính quyền, MTTQ": one subject
                found.append(_unknown(item, lost))
            elif ms and collective_cell(item, ms):  # a group named as printed, not a scheme label
                found.append(verbatim(item, ms[0], lost))
            else:
                found += ms or ([_unknown(item, lost)] if item else [])
        role_mentions[(id(owner), attr)] = found
    duty_mentions = [
        (m, asg.provenance)
        for asg in record.assignments
        for m in _role_mentions_in(asg.duty_raw or asg.duty, locality)
    ]
    duty_mentions += _heading_mentions(source, locality)
    if record.header.issuer:
        duty_mentions += [(m, record.header.provenance.get("issuer"))
                          for m in find_agencies(record.header.issuer, locality)[:1]]
    # 2. one name per unit (unique type, and committee), from the way the roles name it
    plan_committee = _committee_of(record.header.issuer or "")
    by_unit: dict[str, list[AgencyMention]] = defaultdict(list)
    for m in [m for ms in role_mentions.values() for m in ms] + [m for m, _ in duty_mentions]:
        if m.agency_type:
            by_unit[_unit_key(m, plan_committee, local_level)].append(m)
    unified = {
        key: _unify(ms, ms[0].agency_type or "", locality, plan_committee)
        for key, ms in by_unit.items()
        if lex.policies[ms[0].agency_type or ""].unique
        and not lex.policies[ms[0].agency_type or ""].generic
        and "@" not in key  # another level's body keeps the name the plan gives it
    }
    for source_type, target in lex.merge_into.items():
        if source_type in unified and target in unified:
            unified[source_type] = unified[target]

    known = sorted(set(unified.values()))
    known_folded = [fold(k) for k in known]
    finals: dict[AgencyMention, str] = {}  # mentions are asked for again and again

    spellings: dict[str, str] = {}  # folded name -> the first spelling (one name, one IRI)

    def final(m: AgencyMention) -> str:
        name = finals.get(m)
        if name is None:
            name = _final(m)
            name = finals[m] = spellings.setdefault(fold(name), name)
        return name

    def _final(m: AgencyMention) -> str:
        if m.agency_type is None and known:  # an unlisted heading, OCR'd: "Ban T chirc Thi iy"
            hit = process.extractOne(fold(m.name), known_folded,
                                     scorer=fuzz.ratio, score_cutoff=75)
            return known[hit[2]] if hit else m.name
        key = _unit_key(m, plan_committee, local_level)
        collective = _LOWER_COLLECTIVE.get(m.agency_type or "")
        if "@" in key and collective in unified and is_below(m.level_seen, local_level):
            return unified[collective]  # "UBND phường" in a town's plan: its wards' committees
        return unified.get(key, m.name)

    # 3. rewrite roles with canonical names; agencies in order of first role
    agencies: dict[str, Agency] = {}

    def add(m: AgencyMention, prov: Provenance | None) -> None:
        if not m.generic and final(m) not in agencies:
            notation = m.agency_type
            if notation in lex.merge_into and lex.merge_into[notation] in unified and \
                    unified.get(notation) == unified[lex.merge_into[notation]]:
                notation = lex.merge_into[notation]
            agencies[final(m)] = Agency(name=final(m), agency_type=notation,
                                        provenance=prov)

    for owner, attr, prov in _roles(record):
        names = list(dict.fromkeys(final(m) for m in role_mentions[(id(owner), attr)]))
        if isinstance(getattr(owner, attr), list):
            setattr(owner, attr, names)
        elif names:
            setattr(owner, attr, names[0])
        for m in role_mentions[(id(owner), attr)]:
            add(m, prov)
    for m, prov in duty_mentions:
        add(m, prov)
    # 4. aliases and first-mention provenance from the document text
    clean_text = not source.lost_diacritics and _has_marks(source)
    for line in source.lines:
        for m in find_agencies(line.text, locality):
            if m.generic or (m.level_seen and local_level and m.level_seen != local_level):
                continue
            agency = agencies.get(final(m))
            if agency is None:
                continue
            if agency.provenance is None or agency.provenance.method != "mention":
                agency.provenance = Provenance(source.name, line.number, line.number, "mention",
                                               m.confidence, line.page)
            alias = _alias_form(m, clean_text)
            if fold(alias) != fold(agency.name) and \
                    fold(alias) not in {fold(a) for a in agency.aliases}:
                agency.aliases.append(alias)
    for agency in agencies.values():
        if agency.provenance is None:  # named only where the record has no line span
            agency.provenance = Provenance(source.name, 1, 1, "inferred", 0.5)
    record.agencies = list(agencies.values())


def _has_marks(source: SourceText) -> bool:
    """Whether the text reads as clean Vietnamese: most long words carry their marks (OCR of
    Vietnamese by an English model keeps few)."""
    words = [w for ln in source.lines[:300] for w in WORD.findall(ln.text) if len(w) >= 3]
    if not words:
        return False
    marked = sum(1 for w in words if strip_marks(w) != w)
    return marked / len(words) >= 0.5


def _role_mentions_in(duty: str, locality: str | None) -> list[AgencyMention]:
    """Units a duty gives a part to ("phối hợp với Phòng VHXH", "chỉ đạo Đoàn Thanh niên").

    Not the overseeing bodies a duty reports to or advises (party committee, council), not
    other levels' bodies, and not a body only named as the author of documents ("của Sở ...").
    """
    local = level_word(locality)
    out = []
    for m in find_agencies(duty, locality):
        if m.generic or m.agency_type in _OVERSIGHT_TYPES:
            continue
        if m.level_seen and local and m.level_seen != local:
            continue
        if _POSSESSIVE.search(fold(duty[max(0, m.start - 60):m.start])):
            continue
        out.append(m)
    return out


def _heading_mentions(source: SourceText, locality: str | None
                      ) -> list[tuple[AgencyMention, Provenance | None]]:
    """Every unit a "Tổ chức thực hiện" heading addresses ("Đề nghị UBMTTQ, các Hội đoàn thể")."""
    from ingest.outline import outline  # outline imports nothing from here; keep it lazy

    ol = outline(source)
    org = ol.organisation
    if org is None:
        return []
    return [(m, Provenance(source.name, sec.line_start, sec.line_start, "heading", m.confidence))
            for sec in ol.children(org) if sec.level == 2
            for m in find_agencies(sec.title, locality)
            if not m.generic and m.agency_type not in _OVERSIGHT_TYPES]


def _unknown(text: str, lost_marks: bool = False) -> AgencyMention:
    """A role cell the lexicon does not know: kept as written (marks restored when the document
    lost them, so OCR spellings of one name meet), typed None, low confidence."""
    cleaned = display_name(text, lost_marks)
    return AgencyMention(0, len(text), text, cleaned, None, 0.3,
                         generic=agency_vocabulary_score(text) < 0.3, label=cleaned)

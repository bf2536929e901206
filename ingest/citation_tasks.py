"""Pipeline stage ``task_citations``: documents a task implements, named by title alone.

A task row often opens with what it implements: "Triển khai Hướng dẫn rà soát, điều chỉnh ...",
"Thực hiện Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình; cung cấp
...". The capital on the type word is the signal that a particular document is meant (the
writer's convention for titles); "triển khai kế hoạch phát triển kinh tế số" (lower case) asks
for work, not a document. The task cells are read by the ``tasks`` stage, so this runs after
it, on clean cell text rather than on table lines interleaved with other columns.

The title ends at a closing quote, or at a ";" that opens the next action ("; tái cấu trúc",
"; cung cấp dịch vụ"), else with the task text.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ingest.citation_issuers import PlanContext, is_central_issuer, read_issuer
from ingest.citation_mentions import OF_ISSUER, TYPE_ALT, type_name
from ingest.citation_text import fold_aligned, restore_text
from ingest.document import SourceText
from ingest.records import DocumentRef, PlanRecord, Provenance
from ingest.symbols import find_symbols

# "Triển khai", "Thực hiện", "Tiếp tục triển khai", "Tổ chức thực hiện có hiệu quả" + type.
_OPENING = re.compile(
    r"^\W*(?:ti\w{0,2}p t\w{0,2}c\s+)?(?:t\w{0,2} ch\w{0,3}c\s+)?"
    r"(?:tri\w{0,2}n khai|th\w{0,2}c hi\w{0,2}n)(?:\s+(?:c\w h\w{0,2}u qu\w{0,2}|hi\w{0,2}u qu\w{0,2}))?"
    rf"\s+(?P<type>{TYPE_ALT})\b")
# Words that open the next action after a ";" (the title has ended).
_ACTION = re.compile(
    r";\s*(?:tri\w{0,2}n khai|th\w{0,2}c hi\w{0,2}n|x\w{0,2}y d\w{0,2}ng|t\w{0,2}i c\w{0,2}u tr\w{0,2}c|"
    r"cung c\w{0,2}p|n\w{0,2}ng cao|\w{0,2}\w?y m\w{0,2}nh|t\w{0,2}ng c\w{0,3}ng|t\w{0,2} ch\w{0,3}c|"
    r"ban h\w{0,2}nh|ho\w{0,2}n thi\w{0,2}n|ph\w{0,2}t tri\w{0,2}n|\w{0,2}ng d\w{0,2}ng|"
    r"b\w{0,2}o \w{0,2}\w?m|\w{0,2}\w?m b\w{0,2}o|r\w so\w{0,2}t|s\w h\w{0,2}a|k\w{0,2}t n\w{0,2}i|"
    r"t\w{0,2}ch h\w{0,2}p|h\w{0,2} tr\w{0,2}|khuy\w{0,2}n kh\w{0,2}ch|ki\w{0,2}m tra|gi\w{0,2}m s\w{0,2}t)\b")
_THIS_PLAN = re.compile(r"\s+n\w{0,2}y\b")
_SIMILAR = 88.0  # partial ratio at or above which the document is already cited


def _title_end(raw: str, folded: str, start: int) -> int:
    """Where the document's title ends in a task text opening at ``start``."""
    quote = re.search(r"[”\"](?=\s|$|[,;.])", raw[start:])
    opening = raw.find("“", start)
    if quote and 0 <= opening < start + quote.start():
        return start + quote.end()
    # fold_aligned blanks punctuation; put the semicolons back (same length, same offsets).
    marked = "".join(";" if c == ";" else f for c, f in zip(raw, folded, strict=True))
    action = _ACTION.search(marked, start)
    end = action.start() if action else len(raw)
    return len(raw[:end].rstrip(" ,.;:"))


def _already_cited(key: str, record: PlanRecord) -> bool:
    return any(fuzz.partial_ratio(key, fold_aligned(d.mention_raw or d.mention)) >= _SIMILAR
               for d in record.cited_documents if not d.number)


def cite_from_tasks(source: SourceText, record: PlanRecord) -> None:
    """Add to ``cited_documents`` the documents that task texts implement by title alone."""
    ctx = PlanContext(record)
    for task in record.tasks:
        raw = " ".join((task.text or "").split())
        folded = fold_aligned(raw)
        m = _OPENING.match(folded)
        if not m or not raw[m.start("type")].isupper():
            continue
        start = m.start("type")
        after = folded[m.end():]
        if _THIS_PLAN.match(after) or any(s.start < m.end() + 30 for s in find_symbols(raw)):
            continue  # "Kế hoạch này", "Kế hoạch số 35/KH-UBND": the plan itself, or numbered
        end = _title_end(raw, folded, start)
        title = raw[start:end]
        key = fold_aligned(title)
        if len(key.split()) < 3 or _already_cited(key[:60], record):
            continue
        issuer, province = None, None
        of = re.search(r"\s" + OF_ISSUER.pattern.lstrip("^"), folded[m.end():end])
        if of:
            issuer, province, _ = read_issuer(folded[m.end() + of.end():end], ctx)
        central = is_central_issuer(issuer)
        prov = task.provenance
        record.cited_documents.append(DocumentRef(
            number=None, doc_type=type_name(m.group("type")), issuer=issuer, date=None,
            province=None if central or not issuer else (province or ctx.province),
            mention=restore_text(title, source.lost_diacritics), mention_raw=title,
            level="central" if central else None,
            provenance=Provenance(doc=source.name, line_start=prov.line_start if prov else 0,
                                  line_end=prov.line_end if prov else 0, method="rule",
                                  confidence=0.55, page=prov.page if prov else None)))

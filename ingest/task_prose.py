"""Items of prose task lists: "1. <task>" followed by "- Cơ quan chủ trì: ..." lines."""

from __future__ import annotations

import re

from ingest.deadlines import parse_deadline
from ingest.document import SourceText
from ingest.normalize import fold_keep_punct
from ingest.records import Provenance, Task
from ingest.table_cells import agencies_in, clean_text
from ingest.table_numbering import corrected_romans

_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]\s+(?P<t>\S.*)$")
_PROSE_GROUP = re.compile(r"^\s*(?P<r>[IVXLl1|]{1,5})\s*[.)]\s+(?P<t>\S.*)$")
_LEAD_LINE = re.compile(r"^\W*(?:c\w{0,2}\s*quan|don\s*vi)\s+(?:chu\s*tri|thuc\s*hien)\w*\s*:?\s*"
                        r"(?P<v>.*)$")
_SUPPORT_LINE = re.compile(r"^\W*(?:c\w{0,2}\s*quan|don\s*vi)\s+ph\w{0,2}i\s*h\w{0,2}p\s*:?\s*"
                           r"(?P<v>.*)$")
_TIME_LINE = re.compile(r"^\W*(?:th\w{0,3}\s*gian|tien\s*do)(?:\s+\w+){0,2}\s*:\s*(?P<v>.*)$")
_OUTPUT_LINE = re.compile(r"^\W*(?:k\w?t\s*qu\w?|san\s*pham)(?:\s+\w+){0,2}\s*:\s*(?P<v>.*)$")


def _value_after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else text.strip(" -")


def prose_tasks(source: SourceText, exclude: set[int],
                locality: str | None = None) -> list[Task]:
    """Items of prose task lists: a numbered item followed by "- Cơ quan chủ trì: ..." lines."""
    lines = [ln for ln in source.lines if ln.text.strip() and ln.number not in exclude]
    items: list[dict[str, object]] = []
    group: tuple[str, str] | None = None
    groups_seen: list[str] = []
    current: dict[str, object] | None = None
    heading_lines: list[str] = []
    prev_number = 0
    for ln in lines:
        if any(n in exclude for n in range(prev_number + 1, ln.number)):
            current = None  # a table lies between: an item does not run across it
            heading_lines = []
        prev_number = ln.number
        f = fold_keep_punct(ln.text)
        lead_m = _LEAD_LINE.match(f)
        sup_m = _SUPPORT_LINE.match(f)
        time_m = _TIME_LINE.match(f)
        out_m = _OUTPUT_LINE.match(f)
        if current is not None and (lead_m or sup_m or time_m or out_m):
            key = "lead" if lead_m else "support" if sup_m else "deadline" if time_m else "output"
            current.setdefault(key, []).append(_value_after_colon(ln.text))  # type: ignore[union-attr]
            current["last"] = key
            current["end"] = ln.number
            continue
        gm = _PROSE_GROUP.match(ln.text)
        if gm and not gm.group("r").isdigit():
            group = (gm.group("r"), gm.group("t").strip())
            groups_seen.append(gm.group("r"))
            heading_lines = [ln.text.strip()]
            current = None
            continue
        im = _ITEM.match(ln.text)
        if im:
            current = {"n": im.group("n"), "text": [im.group("t")], "start": ln.number,
                       "end": ln.number, "group": group,
                       "last": "text", "raw": [ln.raw]}
            items.append(current)
            heading_lines = []
            continue
        if current is not None:
            last = str(current["last"])
            if last == "text":
                current["text"].append(ln.text.strip())  # type: ignore[union-attr]
                current["raw"].append(ln.raw)  # type: ignore[union-attr]
            elif last in ("lead", "support", "deadline", "output") and f[:1].islower():
                current[last][-1] += " " + ln.text.strip()  # type: ignore[index]
            else:
                current = None
            if current is not None:
                current["end"] = ln.number
        elif heading_lines and group is not None:
            group = (group[0], group[1] + " " + ln.text.strip())
    with_roles = [i for i, it in enumerate(items)
                  if any(k in it for k in ("lead", "support", "deadline", "output"))]
    if not with_roles:
        return []
    # Items between the first and the last item with role lines belong to the same task list,
    # even where a group prints no role lines of its own.
    selected = items[with_roles[0]: with_roles[-1] + 1]
    heads: list[tuple[str, str]] = []
    for it in selected:
        if it["group"] is not None and (not heads or heads[-1] is not it["group"]):
            heads.append(it["group"])  # type: ignore[arg-type]
    romans = dict(zip([id(h) for h in heads], corrected_romans([h[0] for h in heads]),
                      strict=True))
    tasks: list[Task] = []
    for it in selected:
        g = it["group"]
        prefix = romans.get(id(g)) if g is not None else None
        tid = f"{prefix}.{it['n']}" if prefix else str(it["n"])
        lead_text = " ".join(it.get("lead", []))  # type: ignore[arg-type]
        sup_text = " ".join(it.get("support", []))  # type: ignore[arg-type]
        lead = _unique([m.name for m in agencies_in(lead_text, locality)])
        support = _unique([m.name for m in agencies_in(sup_text, locality)])
        deadline_raw = clean_text(it.get("deadline", []))  # type: ignore[arg-type]
        dl = parse_deadline(deadline_raw) if deadline_raw else None
        deadline = (dl.text if dl else deadline_raw or None)
        if deadline:
            deadline = deadline.rstrip(" .;")
        output = clean_text(it.get("output", [])) or None  # type: ignore[arg-type]
        conf = {"text": 0.9, "lead": 0.9 if lead else (0.3 if lead_text else 0.8),
                "support": 0.9, "deadline": dl.confidence if dl else 0.6,
                "output": 0.9 if output else 0.8}
        tasks.append(Task(
            id=tid, text=clean_text(it["text"]),  # type: ignore[arg-type]
            group=clean_text([g[1]]) if g else None,  # type: ignore[index]
            lead=lead, support=support, output=output, deadline=deadline,
            deadline_date=dl.date if dl else None, deadline_year=dl.year if dl else None,
            text_raw="\n".join(it["raw"]),  # type: ignore[arg-type]
            provenance=Provenance(source.name, int(it["start"]), int(it["end"]),  # type: ignore[arg-type]
                                  "prose", round(min(conf.values()), 3)),
            field_confidence=conf))
    return tasks


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


__all__ = ["prose_tasks"]

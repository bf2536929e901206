"""Role cells of a task row: typed pieces gathered into agency cells, outputs and deadlines,
and the agency cells split into lead (chủ trì) and support (phối hợp) columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.deadlines import fold_same_length, fold_spaced
from ingest.table_cells import Piece, agencies_in, collective_cells
from ingest.table_collective import collective_phrase, system_spans
from ingest.table_layout import TableRegion
from ingest.table_names import joined_name, with_committee
from ingest.table_outputs import output_heads
from ingest.task_pieces import real_text

# A text piece right after an agency that continues the agency cell, not a new column.
_AGENCY_TAIL = re.compile(r"^(?:(?:,|&|va\b)?\s*(?:don\s*v\w*|chuyen\s*mon|lien\s*quan|quan\b|vi\b|"
                          r"to\s*chuc|co\s*quan|nganh|ubnd|hdnd|dt\b|ht\b|&))")
# an output ending with "của" (cua, ctua, cia), maybe before the wrapped deadline's "Tháng"
_OF_END = re.compile(r"(?<!\w)c\w{0,2}a(?:\W+th\w?ng)?\W*$")
_MONTH_TAIL = re.compile(r"(?<=\s)Th\w?ng\W*$")
_CUT_UNIT = re.compile(r"^\s*d\w{1,2}n\b")
_PLAN_REF = re.compile(r"\btheo\s+(?:ke\s*hoach|de\s*an|chuong\s*trinh)\s*$")
_ISSUER_TAIL = re.compile(r"^\s*c\w{0,2}a\s+(?:ubnd|uy\s*ban|hdnd|bo|so|tinh)\b")
_JOINER = re.compile(r"^[\s,;&/+-]*(?:va|và)?[\s,;&/+-]*$")


@dataclass
class AgencyCell:
    raw: list[str] = field(default_factory=list)
    line: int = 0
    offset: int = 0
    paired: str | None = None  # "lead"/"support" when fixed by a line with two cells

    @property
    def text(self) -> str:
        return " ".join(self.raw)


@dataclass
class TaskCells:
    """The cells of one task row, raw, with how sure each assignment is."""

    text: str
    lead: list[str]
    support: list[str]
    output: str | None
    deadline: str | None
    confidence: dict[str, float]


def cell_names(cells: list[AgencyCell], locality: str | None, row_text: str = "",
               committee: str | None = None) -> tuple[list[str], float]:
    names: list[str] = []
    confs: list[float] = []
    for cell in cells:
        text = cell.text
        # "Các cấp ủy, chính quyền; Ủy ban MTTQ, ..." is one subject, not the units it lists
        systems = system_spans(text, locality)
        found = [(start, name, 0.8) for start, _, name in systems]
        found += [(m.start, worded(text, m.start, m.name) if m.generic
                   else with_committee(joined_name(m.name, row_text), committee),
                   m.confidence) for m in agencies_in(text, locality)
                  if not _inside(m.start, systems)]
        if not found:
            found = [(s, worded(text, s, name), 0.6)
                     for s, _, name in collective_cells(text)]
        for _, name, conf in sorted(found, key=lambda f: f[0]):
            if name not in names:
                names.append(name)
                confs.append(conf)
    return names, (sum(confs) / len(confs) if confs else 0.0)


def _inside(pos: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(a <= pos < b for a, b, _ in spans)


def worded(text: str, start: int, display: str) -> str:
    """A collective cell as the plan words it ("Các phòng, ban, đơn vị liên quan") when that
    says at least as much as the scheme's display for it ("Các phòng ban chuyên môn")."""
    phrase = collective_phrase(text[start:])
    return phrase if phrase and len(fold_spaced(phrase)) >= len(fold_spaced(display)) else display


def collect_pieces(pieces: list[Piece], cells: list[AgencyCell], outputs: list[str],
                   deadlines: list[str], state: dict[str, object]) -> None:
    """Walk typed pieces left to right: agencies, then output, then deadline."""
    for k, piece in enumerate(pieces):
        if piece.kind == "agency" and outputs and _OF_END.search(fold_spaced(outputs[-1])) and \
                k > 0 and \
                all(p.kind != "agency" for p in pieces[k + 1:]):
            # "Kế hoạch của" / "UBND Thị xã" below it: the issuer continues the output cell
            # (the last name of a line after other cells: the output column is right of the
            # name columns; a name opening a line is in the lead column)
            # a month word the deadline cell wrapped beside "của" is read from the lines later
            outputs[-1] = _MONTH_TAIL.sub("", outputs[-1])
            outputs.append(piece.text)
            state["prev"] = "output"
        elif piece.kind == "agency":
            prev = state.get("prev")
            last_raw = cells[-1].raw[-1] if cells and cells[-1].raw else ""
            continues = bool(cells) and (prev == "joiner" or (prev == "agency" and (
                last_raw.rstrip().endswith((",", "-", "&", "và", "va"))
                or piece.text[:1].islower())))
            if continues:
                cells[-1].raw.append(piece.text)
            else:
                cells.append(AgencyCell([piece.text], piece.line, piece.offset))
            state["prev"] = "agency"
        elif piece.kind == "deadline":
            deadlines.append(piece.text)
            state["prev"] = "deadline"
        else:
            folded = fold_same_length(piece.text).lower()
            prev = state.get("prev")
            tail = _AGENCY_TAIL.match(folded) if prev == "agency" else None
            if prev == "agency" and not tail and piece.text.lstrip().startswith(","):
                tail = _CUT_UNIT.match(folded)  # ", đơn" / "vị liên quan" wrapped below
            if prev == "agency" and _JOINER.match(piece.text):
                cells[-1].raw.append(piece.text)
                state["prev"] = "joiner"
            elif tail:
                cells[-1].raw.append(piece.text[:tail.end()])
                rest = piece.text[tail.end():].strip(" ,;|")
                if real_text(rest):
                    outputs.append(rest)
                    state["prev"] = "output"
                else:
                    state["prev"] = "agency"
            elif (prev == "deadline" and not _opens_output(piece.text)) or (
                    deadlines and _PLAN_REF.search(fold_spaced(deadlines[-1]))
                    and _ISSUER_TAIL.match(folded)):
                deadlines.append(piece.text)  # "Theo Kế hoạch" / "của UBND tỉnh" / "năm 2026"
            else:
                outputs.append(piece.text)
                state["prev"] = "output"


def _opens_output(text: str) -> bool:
    """``text`` opens with an output head word ("Kế hoạch, báo cáo"): an output cell."""
    heads = output_heads(text)
    return bool(heads) and not text[:heads[0][0]].strip(" ,;|.")



#: The usual close of a collective list wrapped onto a lower line ("đơn vị liên quan"),
#: folded; not after "của"/"các", where it is the object of an output ("báo cáo của các ...").
_LIST_CLOSE = re.compile(r"(?<!\w)(?<!cua )(?<!cac )d\w{0,2}n\s+v\w?\s+(?:co\s+)?"
                         r"li\w{0,2}n\s+qu\w{1,2}n(?!\w)")


def continue_open_lists(cells: list[AgencyCell], outputs: list[str],
                        line_texts: dict[int, str]) -> None:
    """A collective cell printed with a trailing comma ("Các phòng chuyên môn,") goes on
    below; when its usual close ("đơn vị liên quan") was read into the output among the
    neighbouring columns' tails, it is moved back to the cell (the first open one)."""
    open_cells = [c for c in cells if line_texts.get(c.line, "").rstrip(" .|").endswith(",")
                  and collective_phrase(c.text) is not None]
    if not open_cells:
        return
    for k, out in enumerate(outputs):
        m = _LIST_CLOSE.search(fold_same_length(out).lower())
        if m:
            open_cells[0].raw.append(", " + out[m.start():m.end()])
            outputs[k] = f"{out[:m.start()].rstrip()} {out[m.end():].lstrip()}".strip()
            return


def split_roles(cells: list[AgencyCell], region: TableRegion, interleaved: bool,
                locality: str | None) -> tuple[list[AgencyCell], list[AgencyCell], float]:
    """Split agency cells into lead and support columns, with a confidence for the split."""
    if not cells:
        return [], [], 0.0
    if not region.has("support"):
        return cells, [], 0.9
    if not interleaved:
        return cells[:1], cells[1:], 0.9
    lead = [c for c in cells if c.paired == "lead"]
    support = [c for c in cells if c.paired == "support"]
    loose = [c for c in cells if c.paired is None]
    if lead or support:
        lead_x = [c.offset for c in lead] or [min(c.offset for c in support) - 12]
        support_x = [c.offset for c in support] or [max(lead_x) + 12]
        for c in loose:
            dl = min(abs(c.offset - x) for x in lead_x)
            ds = min(abs(c.offset - x) for x in support_x)
            (lead if dl <= ds else support).append(c)
        return lead, support, 0.85
    # No line shows both columns: the lead is usually a named unit, support a collective one.
    def generic(c: AgencyCell) -> bool:
        ms = agencies_in(c.text, locality)
        return (bool(ms) and all(m.generic for m in ms)) or (
            not ms and bool(collective_cells(c.text)))

    ordered = sorted(loose, key=lambda c: (generic(c), c.offset))
    return ordered[:1], ordered[1:], 0.6


__all__ = ["AgencyCell", "TaskCells", "cell_names", "collect_pieces", "continue_open_lists",
           "split_roles", "worded"]

"""Telling a task row's output cell apart from the name cells OCR interleaved into it.

In flattened task tables the support column sits between the lead and the output column, so
the words OCR collects for a row's output often open with support-name fragments ("Phòng Văn
hóa, KH&TT; Kế hoạch") or debris ("5 am Hoàn thành"). Outputs are printed in a small
vocabulary of document and result words (Kế hoạch, Báo cáo, Văn bản, Quyết định ...): where
one of them is found, what precedes it is a name fragment or debris, not the output.
Name fragments are read back against the names the same table prints whole (a table
gazetteer), since a wrapped or damaged fragment ("Phong Van ho4,") is too short to name a unit
by itself but names exactly one unit of its table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ingest.agencies import AgencyMention, agency_vocabulary_score
from ingest.agency_lexicon import fold_key
from ingest.deadlines import find_deadlines, fold_same_length
from ingest.table_cells import agencies_in, collective_cells, word_tokens
from ingest.table_names import table_committee

#: Head words of output cells (folded). Two-word heads are matched fuzzily (OCR reads "Kế"
#: as "K&", "Ké"); they open the output phrase, whatever follows ("Kế hoạch của UBND").
OUTPUT_HEADS: tuple[str, ...] = (
    "ke hoach", "bao cao", "van ban", "quyet dinh", "huong dan", "hoan thanh", "chuong trinh",
    "de an", "tai lieu", "hoi nghi", "bai viet", "phong su", "chuyen trang", "chuyen muc",
    "nghi quyet", "chi thi", "thong bao", "ket luan", "giai phap", "phan dau", "de xuat",
    "to trinh", "cong van", "du lieu", "ngan sach",
)
#: OCR glyphs standing for letters inside words ("K&" Kế, "ho4" hoa, "d6i" đổi).
_OCR_LETTERS = str.maketrans({"&": "e", "4": "a", "6": "o", "0": "o", "3": "a", "1": "i"})
_WORD = re.compile(r"\S+")
_HEAD_CUTOFF = 80.0  # fuzz.ratio of the two words together
_WORD_CUTOFF = 70.0  # and of each word alone ("phong" never passes for "ban", "tam" "tai")
_FRAGMENT_CUTOFF = 88.0  # a name fragment against the head or tail of a table name
_RIVAL_CUTOFF = 78.0  # another table name this close makes the fragment ambiguous
_WHOLE_CUTOFF = 84.0  # a whole name with two damaged letters in thirteen still reads
_MIN_WHOLE_CHARS = 10
_MAX_NAME_WORDS = 6


@dataclass
class TableNames:
    """Names a table prints in full, with their folded surfaces, to read fragments against."""

    names: Counter[str] = field(default_factory=Counter)
    surfaces: dict[str, str] = field(default_factory=dict)  # folded surface key -> name
    _committee: tuple[str] | None = None  # memo of :attr:`committee` (names are all added first)

    def add(self, mention: AgencyMention) -> None:
        if mention.generic or mention.confidence < 0.8:
            return
        self.names[mention.name] += 1
        for text in (mention.surface, mention.name):
            key = fold_key(text)
            if len(key) >= 6:
                self.surfaces.setdefault(key, mention.name)

    @property
    def committee(self) -> str | None:
        """The party committee the table's party bodies carry ("Thị ủy"), if it shows one."""
        if self._committee is None:
            self._committee = (table_committee(list(self.names.elements())) or "",)
        return self._committee[0] or None

    def resolve(self, fragment: str) -> str | None:
        """The one table name a fragment is a damaged or cut piece of, else None."""
        key = fold_key(fragment)
        if len(key) < 8:
            return None
        n = len(key)
        # a wrapped cell cuts a name into its head and its tail: the fragment is one of them;
        # a second name nearly as close ("Văn phòng HĐND" / "Văn phòng Đảng ủy") leaves it open
        scores: dict[str, float] = {}
        for surface, name in self.surfaces.items():
            if len(surface) >= n:
                score = max(fuzz.ratio(key, surface[:n]), fuzz.ratio(key, surface[-n:]))
                scores[name] = max(scores.get(name, 0.0), score)
        found = {name for name, score in scores.items() if score >= _FRAGMENT_CUTOFF}
        if len(found) != 1 or sum(score >= _RIVAL_CUTOFF for score in scores.values()) > 1:
            return None
        return found.pop() if len(found) == 1 else None


    def completing(self, head: str) -> str | None:
        """The one table name whose printed surface opens with ``head`` (two words or more,
        a cell cut at a line end: "UBND các" of "UBND các phường, xã"), else None."""
        key = fold_key(head)
        if len(head.split()) < 2 or len(key) < 6:
            return None
        n = len(key)
        found = {name for surface, name in self.surfaces.items()  # "UBND céc": one letter off
                 if len(surface) > n + 2 and fuzz.ratio(key, surface[:n]) >= 85}
        return found.pop() if len(found) == 1 else None

    def opening(self, text: str) -> tuple[str, int] | None:
        """(table name, end offset) when the first words of ``text`` spell one of the table's
        names whole, damaged beyond the scheme's matcher ("Vin phong Thi iy": the table prints
        "Văn phòng Thị ủy" on other rows); None when none or two names come as close."""
        heads = output_heads(text)
        limit = heads[0][0] if heads else len(text)  # "... KH&TT; Kế hoạch": the output's
        words = [w for w in re.finditer(r"\S+", text[:limit])][:_MAX_NAME_WORDS]
        best: tuple[float, int, str, int] | None = None  # score, words, name, rivals
        surfaces = list(self.surfaces)
        for k in range(2, len(words) + 1):
            key = fold_key(text[:words[k - 1].end()])
            if len(key) < _MIN_WHOLE_CHARS:
                continue
            scores: dict[str, float] = {}
            for surface, score, _ in process.extract(key, surfaces, scorer=fuzz.ratio,
                                                     score_cutoff=_RIVAL_CUTOFF, limit=None):
                name = self.surfaces[surface]
                scores[name] = max(scores.get(name, 0.0), score)
            if not scores:
                continue
            name, score = max(scores.items(), key=lambda kv: kv[1])
            if score >= _WHOLE_CUTOFF and (best is None or score > best[0]):
                best = (score, k, name, len(scores))
        if best is None or best[3] > 1:
            return None
        return best[2], words[best[1] - 1].end()


def table_names(lines: list[str], locality: str | None) -> TableNames:
    """The gazetteer of one table: every confident agency name on its lines."""
    names = TableNames()
    for text in lines:
        for m in agencies_in(text, locality):
            names.add(m)
    return names


def _norm(word: str) -> str:
    return word.translate(_OCR_LETTERS).strip(" ")


def output_heads(text: str) -> list[tuple[int, int]]:
    """Spans of output head words ("Kế hoạch", OCR "K& hoach") in ``text``."""
    return [(s, e) for s, e, _ in _head_matches(text)]


def _head_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded head) of the output head words in ``text``."""
    folded = fold_same_length(text.replace("&", "e"))  # "K&" is "Kế": keep it a letter
    words = [(m.start(), m.end(), _norm(folded[m.start():m.end()]))
             for m in _WORD.finditer(text)]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words) - 1:
        (s, _, a), (_, e, b) = words[i], words[i + 1]
        hit = None
        for h1, h2, head in _HEADS_BY_INITIALS.get((a[:1], b[:1]), ()):
            if fuzz.ratio(f"{a} {b}", head, score_cutoff=_HEAD_CUTOFF) and \
                    fuzz.ratio(a, h1) >= _WORD_CUTOFF and fuzz.ratio(b, h2) >= _WORD_CUTOFF:
                hit = head
                break
        if hit:
            out.append((s, e, hit))
            i += 2
        else:
            i += 1
    return out


#: How plans write the output heads.
_WRITTEN_HEADS: dict[str, str] = dict(zip(OUTPUT_HEADS, (
    "Kế hoạch", "Báo cáo", "Văn bản", "Quyết định", "Hướng dẫn", "Hoàn thành", "Chương trình",
    "Đề án", "Tài liệu", "Hội nghị", "Bài viết", "Phóng sự", "Chuyên trang", "Chuyên mục",
    "Nghị quyết", "Chỉ thị", "Thông báo", "Kết luận", "Giải pháp", "Phấn đấu", "Đề xuất",
    "Tờ trình", "Công văn", "Dữ liệu", "Ngân sách"), strict=True))
_LIST_GAP = re.compile(r"^[\s,;]*(?:v\w{1,2}\s)?[\s,;]*$")  # ", " / " và " between heads


def trailing_heads(text: str) -> int | None:
    """Where the output head words ending ``text`` start ("... mạng xã hội chuyên mục"), if
    it ends with any: the tail of an output list wrapped into the text column's line."""
    heads = _head_matches(text)
    if not heads or heads[-1][1] < len(text.rstrip(" .,;|")):
        return None
    i = len(heads) - 1
    while i > 0 and _LIST_GAP.match(text[heads[i - 1][1]:heads[i][0]]):
        i -= 1  # "bài viết, phóng sự": the list's earlier heads
    return heads[i][0]


def written_output(text: str | None) -> str | None:
    """An output cell that is nothing but head words ("Vién ban", "Bai viét, phong su"),
    maybe with a scrap of letters after it ("Hoan thanh am"), as plans write it; any other
    cell (a figure after the head: "Phấn đấu 5%") as it is."""
    if not text:
        return text
    heads = _head_matches(text)
    if not heads or text[:heads[0][0]].strip(" ,;|.:"):
        return text
    parts = [_WRITTEN_HEADS[heads[0][2]]]
    for (_, end, _), (start, _, head) in zip(heads, heads[1:], strict=False):
        gap = text[end:start]
        if not _LIST_GAP.match(gap):
            return text
        parts.append((" và " if gap.strip(" ,;") else ", ") + _WRITTEN_HEADS[head].lower())
    tail = text[heads[-1][1]:]
    if any(c.isdigit() for c in tail) or any(sum(c.isalpha() for c in w) >= 3
                                             for w in tail.split()):
        return text
    return "".join(parts)


#: Output heads by the initials of their two words: OCR keeps initials, so only those heads
#: are compared.
_HEADS_BY_INITIALS: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
for _head in OUTPUT_HEADS:
    _h1, _h2 = _head.split(" ", 1)
    _HEADS_BY_INITIALS.setdefault((_h1[0], _h2[0]), []).append((_h1, _h2, _head))


def _junk(text: str) -> bool:
    """Debris: at most one real word ("5 am", ",1 Hoc ,", "don")."""
    words, _debris = word_tokens(text)
    return words <= 1


def starts_with_cell_head(text: str) -> bool:
    """``text`` opens with a capitalised name-cell head word ("Phòng", "Văn phòng", "Ban")."""
    first = text.split(maxsplit=1)[:1]
    return bool(first) and first[0][:1].isupper() and \
        fold_same_length(first[0]).strip(" ,.;:") in _CELL_HEADS


def _has_cell_head(text: str) -> bool:
    """A capitalised word that opens a name cell ("Phòng", "Ban", "Văn phòng") in ``text``."""
    return any(w[:1].isupper() and fold_same_length(w).strip(" ") in _CELL_HEADS
               for w in text.split())


def _names_in(fragment: str, locality: str | None, table: TableNames | None) -> list[str]:
    # a name the fragment alone suggests counts when the table prints it on other rows too
    found = [m.name for m in agencies_in(fragment, locality) if m.confidence >= 0.8
             and (table is None or table.names[m.name] >= 2)]
    if not found:
        found = [name for _, _, name in collective_cells(fragment)]
    if not found and table is not None:
        for part in re.split(r"[;|]", fragment):
            name = table.resolve(part.strip(" ,.-"))
            if name:
                found.append(name)
    return found


def _tail(text: str, locality: str | None) -> tuple[str, str]:
    """What of the words after an output head still belongs to the output.

    The cell goes on with lower-case words, lists of further heads and a "của <issuer>"
    phrase; it stops at a rule ("|"), a ";" not opening another head, or a capitalised
    name or period word of a neighbouring cell; debris at its end is dropped. Returns the
    kept words and the text from the first stop on (other cells' words).
    """
    cut = len(text)
    for m in re.finditer(r"[|;]", text):
        if not output_heads(text[m.end():m.end() + 30])[:1] or \
                output_heads(text[m.end():m.end() + 30])[0][0] > 2:
            cut = m.start()
            break
    whole, text = text, text[:cut]
    folded = fold_same_length(text)
    of = re.search(r"(?<!\w)c\w{0,2}a(?!\w)", folded)  # "của": the issuer's name follows
    of_at = of.start() if of else len(text)
    stops: list[int] = []
    stops += [d.start for d in find_deadlines(text)]
    heads = {s for s, _ in output_heads(text)}
    periods: list[tuple[int, int]] = []  # a wrapped deadline's "Tháng" and "9/2027"
    for word in re.finditer(r"\S+", text):
        fw = folded[word.start():word.end()].strip(" ")
        capital = word.group()[:1].isupper()
        if (capital and fw in _PERIOD_WORDS) or re.match(r"\d{1,2}/20\d\d", word.group()):
            periods.append(word.span())
        elif capital and word.start() < of_at and word.start() not in heads and (
                fw in _CELL_HEADS or _NAME_START.match(text, word.start())):
            stops.append(word.start())
    unit = _UNIT_WORDS.search(folded, 0, of_at)
    if unit:
        stops.append(unit.start())  # "chuyên môn, đơn vị liên quan": the support cell's end
    end = min(stops, default=len(text))
    kept = text[:min([end] + [a for a, _ in periods])]
    if len(periods) >= 2 and periods[-1][0] < end:
        # the deadline cell wrapped into the output's lines ("Quyết định phê Tháng / duyệt
        # dự án 9/2027"): lower-case words between its pieces still are the output's
        for word in re.finditer(r"\S+", text[periods[0][0]:periods[-1][0]]):
            at = periods[0][0] + word.start()
            if any(a <= at < b for a, b in periods):
                continue
            if not word.group()[:1].islower():
                break
            kept += " " + word.group()
    words = kept.split()
    while words and (sum(c.isalpha() for c in words[-1].translate(_OCR_LETTERS)) <= 1
                     or word_tokens(words[-1].translate(_OCR_LETTERS)) == (0, 1) or re.fullmatch(
            r"c\w{0,2}a|quan|lien|mon|chuyen", fold_same_length(words[-1]).strip(" ,;."))):
        words.pop()  # debris ("&TT", "ity"; "x3" is "xã"), a dangling "của", the end of a
        # wrapped "... liên quan" / "chuyên môn" cell
    return " ".join(words), whole[min([end] + [b for _, b in periods[-1:]]):]


#: Words of collective unit cells, folded: never an output's continuation.
_UNIT_WORDS = re.compile(r"(?<!\w)(?:m\w{0,2}n\s+d\w{1,2}n\s+vi|d\w{1,2}n\s+vi\s+li|"
                         r"chuyen\s+mon|lien\s+quan)(?!\w)")
#: A collective subject ("Các Chi bộ", "Các phòng"), folded: a name cell, not an output.
_COLLECTIVE_HEAD = re.compile(r"c\w{1,2}c\s+(?:chi\b|co\s*quan|phong|don\s*vi|ban|nganh|"
                              r"cap|hoi|doan)")
#: A capitalised word then a lower-case one ("Dân vận", "Phòng Nội"): a name of another
#: cell, unless a head word (acronyms like "AI", "TTĐT" are no name starts).
_NAME_START = re.compile(r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+[a-zđà-ỹ]")
#: Folded capitalised words opening a period cell whose number OCR put elsewhere ("Tháng").
_PERIOD_WORDS = frozenset({"thang", "quy"})
#: Folded capitalised words that open a name cell, never an output's continuation.
_CELL_HEADS = frozenset({"phong", "ban", "van", "vin", "uy", "ubnd", "hdnd", "trung", "cac", "thi",
                         "so", "cong", "hoi", "doan"})


def split_output(output: str | None, locality: str | None,
                 table: TableNames | None = None) -> tuple[str | None, list[str]]:
    """The output cell without the name fragments and debris around it, and the names those
    fragments stand for (support units OCR pulled into the output).

    Only a prefix that is name-like or debris is taken off; a prefix of running words
    ("Triển khai các ... Đề án") is part of the output, and an output without any head word
    is left as it is.
    """
    if not output:
        return output, []
    heads = output_heads(output)
    if not heads:
        return output, []
    start = heads[0][0]
    prefix = output[:start].strip()
    names: list[str] = []
    if prefix and not _junk(prefix):  # debris names nothing: no look-up
        names = _names_in(prefix, locality, table)
        if not (names or agency_vocabulary_score(prefix) >= 0.3
                or _COLLECTIVE_HEAD.match(fold_same_length(prefix)) or _has_cell_head(prefix)):
            return output, []
    head_end = heads[0][1]
    tail, dropped = _tail(output[head_end:], locality)
    if sum(c.isalpha() for c in dropped) >= 8:  # support names OCR put after the output
        names += [n for n in _names_in(dropped, locality, table) if n not in names]
    kept = output[start:head_end] + " " + tail
    return kept.strip(" ,;") or None, names


__all__ = ["OUTPUT_HEADS", "TableNames", "output_heads", "split_output", "starts_with_cell_head",
           "table_names", "trailing_heads", "written_output"]

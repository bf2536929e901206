"""Column roles of a task or target table, learned from its header words.

A flattened table keeps its header as words in printed order ("STT | Nhiệm vụ | Đơn vị chủ
trì | Thời gian hoàn thành"); the labels, folded and OCR-tolerant, give each column a role.
"""

from __future__ import annotations

import re

from ingest.header_words import canonical_labels

#: Column roles recognised from header words (folded, OCR-tolerant).
_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("unit", re.compile(r"don\s*vi\s*tinh|\bdvt\b|tinh\s*/\s*do")),
    ("support", re.compile(r"\bph[oedb0]i\b(?:\s*h\w{0,2}p)?")),
    ("owner", re.compile(r"theo\s*d\w{0,2}i|tong\s+hop|danh\s+gia|bao\s+cao")),
    ("lead", re.compile(r"ch\w?\s*tri\b|thuc\s*hien|tham\s+m\w{0,2}u")),
    ("output", re.compile(r"k\w?t\s+qu\w?|san\s+pham")),
    ("deadline", re.compile(r"th\w{0,2}i\s+g\w{0,3}|tien\s+do|hoan\s+th\w{0,2}nh")),
    ("budget", re.compile(r"kinh\s+phi|tong\s+so\s+tien|du\s+toan")),
    ("target_text", re.compile(r"chi\s*ti\w{0,2}u|m\w?c\s+ti\w{0,2}u")),
    ("task_text", re.compile(r"nhi\w{0,2}m\s+v\w|noi\s+dung|ten\s+nhi")),
    ("baseline", re.compile(r"hi\w{0,2}n\s*tr\w{0,2}ng")),
    ("year", re.compile(r"(?<![\d/])20[2-5]\d(?!\d)")),
]

#: STT, TT, Số TT, Số thứ tự; or "STT" glued by OCR to the label after it ("STTMục tiêu"):
#: no Vietnamese word begins with "tt", so only a label word may follow it unspaced.
STT_LABEL = re.compile(r"^\W*(?:(?:so\s*)?(?:s\s?tt|tt)|so\s*thu\s*tu)"
                       r"(?:\b|(?=(?:m\w?c|nhi\w{0,2}m|noi|ten|chi)\s))")


def header_roles(text: str) -> list[str]:
    """Roles in the order their labels appear in the folded header text; labels damaged by
    OCR are read through :func:`canonical_labels`."""
    text = canonical_labels(text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for role, pattern in _ROLE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), f"year:{m.group(0)}" if role == "year" else role))
            if role != "year" and role != "lead":
                break
    found.sort()
    roles: list[str] = []
    for _, role in found:
        if role not in roles:
            roles.append(role)
    return roles

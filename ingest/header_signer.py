"""The plan's signer: the last person name in the signature block around "Nơi nhận", rebuilt
from Vietnamese name syllables where OCR destroyed its marks."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ingest.document import SourceText
from ingest.header_text import WORDS, header_fold
from ingest.places import ocr_fold

# Vietnamese name syllables (folded -> usual marked form), common first: signer names are
# rebuilt from these where OCR destroyed the marks.
_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh "
             "Trương Lâm Mai Trịnh Đào Cao Lương Tô Hà Tạ Châu Quách Lưu Kiều Thái Đoàn "
             "Triệu Hứa Lại La Từ Phùng Chu Đàm Thân Tống Khổng Mạc Nông Lò Vi").split()
_GIVEN = ("Văn Thị Hữu Đức Minh Anh Hoàng Quang Thanh Ngọc Xuân Hồng Thu Bá Công Đình Quốc "
          "Trung Tuấn Hùng Dũng Hải Nam Sơn Long Phúc Việt Tiến Thắng Bình Hòa Cường Hiếu Hiền "
          "Lan Hương Hạnh Hà Huy Khánh Khoa Lâm Linh Lộc Mạnh Nga Nhân Nhung Phong Phương Quân "
          "Quý Tâm Tân Thành Thảo Thịnh Thủy Toàn Trí Trọng Tú Tùng Vinh Vũ Yến Kim Bảo Chí Gia "
          "Hiệp Huệ Kiên Lực Lợi Luân Mai Na Nghĩa Ninh Oanh Quyết Sang Tài Thái Thiện Thông "
          "Thuận Tiên Trang Trâm Tuyết Uyên Vân Vy Duy Đạt Định Đông Giang Hậu Hiển Hưng Kha "
          "Khải Khang Khôi Luận Nguyên Nhật Phát Tín Tường Biết Châu Diệp").split()
_SURNAME_KEYS = {ocr_fold(w) for w in _SURNAMES}
_SURNAME_FOLDS = [ocr_fold(c) for c in _SURNAMES]
_GIVEN_FOLDS = [ocr_fold(c) for c in _GIVEN]

_NOI_NHAN = re.compile(r"^n\w{0,2}i nh\w{0,3}n\b")
_PHU_LUC = re.compile(r"^\s*ph\w{0,2} l\w{0,2}c\b")


def restore_name(raw: str) -> str:
    """Rebuild a name from syllable lexicons (surname first, then given-name syllables): the
    nearest by edit distance, the more common form on ties."""
    words = []
    for i, w in enumerate(raw.split()):
        lex, folds = (_SURNAMES, _SURNAME_FOLDS) if i == 0 else (_GIVEN, _GIVEN_FOLDS)
        key = header_fold(w).replace("ii", "u")
        dist, _, best = min((Levenshtein.distance(key, f), r, c)
                            for r, (c, f) in enumerate(zip(lex, folds, strict=True)))
        words.append(best if dist <= max(1, len(key) // 3) else w)
    return " ".join(words)


def find_signer(source: SourceText) -> tuple[str, int] | None:
    """The last person name in the signature block around "Nơi nhận"; (name, line number)."""
    start = next((i for i in range(len(source.lines) - 1, -1, -1)  # the last one, from the end
                  if _NOI_NHAN.match(header_fold(source.lines[i].text))), None)
    if start is None:
        return None
    best: tuple[str, int] | None = None
    for line in source.lines[start:start + 30]:
        if _PHU_LUC.match(header_fold(line.text)) and best:
            break
        tokens = WORDS.findall(line.text)
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if header_fold(tok).replace("ii", "u") in _SURNAME_KEYS and tok[:1].isupper():
                rest = []
                for nxt in tokens[k + 1:k + 4]:
                    if not nxt[:1].isupper() or (nxt.isupper() and len(nxt) > 1):
                        break
                    rest.append(nxt)
                if 1 <= len(rest) <= 3:
                    best = (" ".join([tok, *rest]), line.number)
                    k += len(rest)
            k += 1
    return best

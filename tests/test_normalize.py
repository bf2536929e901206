"""Folding is the basis of every comparison."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize import fold, strip_marks


def test_normalize_fold_vietnamese() -> None:
    assert fold("Phòng Văn hóa – Xã hội, ĐỒNG NAI") == "phong van hoa xa hoi dong nai"
    assert strip_marks("Nghị quyết số 57-NQ/TW") == "Nghi quyet so 57-NQ/TW"


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -–/.,;:()0123456789"))
def test_normalize_fold_is_idempotent_ascii(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once.isascii() and once == once.lower()


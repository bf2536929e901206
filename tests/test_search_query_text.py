"""Query normalisation: abbreviations, place names, owner questions, trust in marks."""

from kg.query_text import (
    asks_owner,
    drop_place_names,
    expand_abbreviations,
    mark_trust,
    prepare_query,
)


def test_query_text_expands_abbreviations_keeping_them():
    out = expand_abbreviations("Ai phụ trách CĐS và TTHC?")
    assert "chuyển đổi số (CĐS)" in out
    assert "thủ tục hành chính (TTHC)" in out


def test_query_text_lowercase_ai_is_not_artificial_intelligence():
    assert "trí tuệ" not in expand_abbreviations("ai phụ trách")
    assert "trí tuệ nhân tạo" in expand_abbreviations("ứng dụng AI")


def test_query_text_drops_place_with_or_without_level_word():
    names = ["phường Phước Bình"]
    assert drop_place_names("Ai tổ chức cuộc thi ở phường Phước Bình?", names) == \
        "Ai tổ chức cuộc thi?"
    assert drop_place_names("cuoc thi tai phuoc binh", names) == "cuoc thi"
    assert drop_place_names("Bình dân học vụ số", names) == "Bình dân học vụ số"


def test_query_text_owner_questions():
    assert asks_owner("Đơn vị nào chủ trì chữ ký số?")
    assert asks_owner("ai phu trach chu ky so")
    assert not asks_owner("chữ ký số cho người dân")


def test_query_text_mark_trust():
    assert mark_trust("chữ ký số cho người dân") == 1.0
    assert mark_trust("chu ky so cho nguoi dan") == 0.0


def test_query_text_prepare_query_folds_lexical_side():
    pq = prepare_query("Ai triển khai CKS ở xã Nha Bích?", ["xã Nha Bích"])
    assert "nha bich" not in pq.lexical_text
    assert "chu ky so" in pq.lexical_text
    assert pq.asks_owner and pq.mark_trust == 1.0 and not pq.restored

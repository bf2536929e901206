"""Build the syllable-bigram model behind ``ingest.diacritics`` (``ingest/data/diacritics_lm.npz``).

Reproducible from public sources; nothing is downloaded at run time. Usage::

    .venv/bin/pip download underthesea==9.5.0 --no-deps -d /tmp/uts
    .venv/bin/python scripts/build_diacritics_model.py --underthesea-wheel /tmp/uts/underthesea-9.5.0-py3-none-any.whl

Sources and licences (weights say how much one occurrence counts):
- underthesea 9.5.0 wheel (Apache-2.0): ``corpus/data/Viet74K.txt`` (74k-word Vietnamese word
  list; within-word syllable pairs), the sentences of the VLSP 2013 POS test output that the
  wheel ships (``pos_crf_vlsp2013_20230303/test_output.txt``, news and legal prose: general
  syllable context; redistributed inside the Apache-2.0 wheel), and ``address/data/mapping.json``
  (old and new administrative unit names, from vietnamadminunits).
- ``vietnam_provinces`` (installed dependency, MIT): the 34 provinces and 3,321 communes/wards
  after 1 July 2025, with their level words.
- ``../shared/seeds/*.txt`` whose text layer kept its marks (mark ratio >= 0.6; today only 004),
  and ``../shared/catalog/catalog.json`` titles and issuers: in-domain wording of Resolution 57
  plans. 004 is also a gold document: ``--exclude-seed 004`` builds the leave-one-out model
  that ``bench/bench_diacritics.py`` uses to report an honest figure for it.
- ``AGENCY_VOCABULARY`` below: names of commune/ward units and administrative phrases common
  to all such plans (from the domain primer, not from one document).
The gold annotations (``../shared/gold``) are never read: they are what the model is measured on.
"""

from __future__ import annotations

import argparse
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

from ingest.diacritics import (
    ACRONYM,
    BOUNDARY,
    MODEL_PATH,
    NUMBER,
    SENTENCE_END,
    mark_ratio,
    modern_tone,
)
from ingest.normalize import nfc, strip_marks

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DISCOUNT = 0.75
# One in-domain occurrence (plan text, catalog, unit vocabulary) against one of general text;
# chosen with bench/bench_diacritics.py (3 -> 8 gained ~0.5 point on the OCR seeds 000/001).
IN_DOMAIN = 8.0
WORD_LIST = 1.0  # one entry of the Viet74K word list
PLACES = 1.0  # one administrative unit name

AGENCY_VOCABULARY = """
UBND xã; UBND phường; Ủy ban nhân dân xã; Ủy ban nhân dân phường; Đảng ủy xã; Đảng ủy phường
cấp xã; cấp phường; cấp tỉnh; trên địa bàn xã; trên địa bàn phường; các xã, phường
Ủy ban nhân dân; Hội đồng nhân dân; Văn phòng HĐND và UBND; Văn phòng Hội đồng nhân dân và Ủy ban nhân dân
Phòng Văn hóa - Xã hội; Phòng Kinh tế; Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Nội vụ
Trung tâm Phục vụ hành chính công; Trung tâm Dịch vụ tổng hợp; Công an xã; Công an phường
Trạm Y tế; Trường Mầm non; Trường Tiểu học; Trường Trung học cơ sở; Trường Trung học phổ thông
Ủy ban Mặt trận Tổ quốc Việt Nam; Đoàn Thanh niên Cộng sản Hồ Chí Minh; Hội Liên hiệp Phụ nữ
Hội Nông dân; Hội Cựu chiến binh; Liên đoàn Lao động; Ban Chỉ huy Quân sự
Văn phòng Đảng ủy; Ban Xây dựng Đảng; Ủy ban Kiểm tra Đảng ủy; Ban Thường vụ Đảng ủy; Đảng ủy xã
Đảng ủy phường; Ban Chấp hành Đảng bộ; Bí thư Đảng ủy; Phó Bí thư; Chủ tịch Ủy ban nhân dân
Phó Chủ tịch; Ban Chỉ đạo; Trưởng ban; Phó Trưởng ban; Tổ giúp việc; Thường trực
Ban nhân dân ấp; Ban điều hành khu phố; Tổ dân phố; trưởng ấp; trưởng khu phố
doanh nghiệp viễn thông; Bưu điện; Ngân hàng; Hợp tác xã; Sở Khoa học và Công nghệ
Sở Nội vụ; Sở Tài chính; Ủy ban nhân dân tỉnh; Tỉnh ủy; Thị ủy; Huyện ủy; Bộ Chính trị
Ban Chấp hành Trung ương; Chính phủ; Thủ tướng Chính phủ; Quốc hội; Ban Bí thư
cơ quan chủ trì; cơ quan phối hợp; đơn vị chủ trì; đơn vị phối hợp; thời gian hoàn thành
sản phẩm; kết quả đầu ra; chỉ tiêu; nhiệm vụ; giải pháp; lộ trình; kinh phí thực hiện
tổ chức thực hiện; mục đích, yêu cầu; mục tiêu cụ thể; nhiệm vụ và giải pháp chủ yếu
chuyển đổi số; số hóa; số hóa dữ liệu; hỗ trợ; hoặc; đổi mới sáng tạo; khoa học, công nghệ; khoa học và công nghệ
chính quyền số; kinh tế số; xã hội số; công dân số; chính phủ số; hạ tầng số; nền tảng số
dữ liệu số; dữ liệu dân cư; cơ sở dữ liệu; định danh và xác thực điện tử; định danh điện tử
tài khoản định danh điện tử; chữ ký số; chữ ký số công cộng; dịch vụ công trực tuyến
dịch vụ công trực tuyến toàn trình; thủ tục hành chính; hồ sơ công việc; văn bản điện tử
hệ thống quản lý văn bản và điều hành; thanh toán không dùng tiền mặt; thanh toán trực tuyến
kỹ năng số; học tập số; Bình dân học vụ số; tổ công nghệ số cộng đồng; an toàn thông tin
an ninh mạng; trí tuệ nhân tạo; điện toán đám mây; mạng di động; cáp quang; phủ sóng
camera giám sát; Trung tâm giám sát, điều hành thông minh; cổng thông tin điện tử
thường xuyên; hằng năm; hằng quý; hằng tháng; định kỳ hằng năm; quý; tháng; năm; giai đoạn; tỷ lệ; phần trăm; người dân
cán bộ, công chức, viên chức; người lao động; hộ gia đình; trên địa bàn xã; trên địa bàn phường
các ban Đảng; các ban, ngành, đoàn thể; giao ban; ban hành; Ban Chỉ đạo
tuyên truyền, phổ biến; nâng cao nhận thức; kiểm tra, giám sát; sơ kết, tổng kết; báo cáo kết quả
"""

# Units every commune or ward has, named with the level word ("Công an phường").
LOCAL_UNITS = (
    "Đảng ủy", "Ban Thường vụ Đảng ủy", "UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân",
    "Văn phòng HĐND và UBND", "Công an", "Trạm Y tế", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân", "Hội Cựu chiến binh", "Ủy ban MTTQ Việt Nam", "Ban Chỉ huy Quân sự",
    "Trung tâm Phục vụ hành chính công", "cán bộ, công chức", "của", "trên địa bàn", "cấp",
    "các", "toàn", "ở", "tại", "thuộc", "cho",
)


def vocabulary() -> list[str]:
    """Agency and administrative phrases, local units with both level words."""
    phrases = [p for p in re.split(r"[;\n]", AGENCY_VOCABULARY) if p.strip()]
    phrases += [f"{unit} {level}" for unit in LOCAL_UNITS for level in ("xã", "phường")]
    return phrases


# VLSP test output: "token<TAB>tag<TAB>tag", blank line between sentences, multi-syllable
# words written with spaces.
_VLSP = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
_VIET74K = "underthesea/corpus/data/Viet74K.txt"
_ADDRESS = "underthesea/address/data/mapping.json"
_BREAK = re.compile(r"([^\w\s]|_)")
_SHAPE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)


def _unit(word: str) -> str:
    """A training token: a syllable in official spelling, or the number/acronym class."""
    if any(c.isdigit() for c in word):
        return NUMBER
    if len(word) > 1 and word.isupper() and not _SHAPE.match(strip_marks(word).lower()):
        return ACRONYM
    return modern_tone(word.lower())


_PERIODS = {"năm", "quý", "tháng", "tuần", "ngày"}


def _official_wording(words: list[str]) -> list[str]:
    """Legal texts write "hằng năm" (every year) where general text has "hàng năm"."""
    return ["hằng" if w == "hàng" and nxt in _PERIODS else w
            for w, nxt in zip(words, [*words[1:], ""], strict=False)]


def runs(text: str) -> list[tuple[list[str], bool, bool]]:
    """Runs of training tokens in ``text``, broken at punctuation (as restoring does), with
    whether each run starts and ends a sentence (text edge or sentence-final punctuation)."""
    parts = _BREAK.split(nfc(text))  # chunk, delimiter, chunk, ...
    out = []
    for i in range(0, len(parts), 2):
        words = _official_wording([_unit(w) for w in parts[i].split()])
        if words:
            starts = i == 0 or parts[i - 1] in SENTENCE_END
            ends = i + 1 >= len(parts) or parts[i + 1] in SENTENCE_END
            out.append((words, starts, ends))
    return out


class Counts:
    """Weighted unigram and bigram counts over syllables (id 0 is the sentence boundary)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {BOUNDARY: 0, NUMBER: 1, ACRONYM: 2}
        self.unigram: Counter[int] = Counter()
        self.bigram: Counter[tuple[int, int]] = Counter()

    def add(self, text: str, weight: float, sentences: bool = True) -> None:
        """Count ``text``; ``sentences``: its runs are real sentence edges (running text),
        not list entries, whose first and last words say nothing about how sentences start."""
        for run, starts, ends in runs(text):
            seq = [self.ids.setdefault(w, len(self.ids)) for w in run]
            if sentences and starts:
                seq.insert(0, 0)
            if sentences and ends:
                seq.append(0)
            for a, b in zip(seq, seq[1:], strict=False):
                self.bigram[(a, b)] += weight
            for w in seq:
                if w:
                    self.unigram[w] += weight

    def save(self, path: Path) -> None:
        n = len(self.ids)
        syllables = sorted(self.ids, key=self.ids.__getitem__)
        pairs = np.array(list(self.bigram), dtype=np.int64)
        counts = np.array(list(self.bigram.values()), dtype=np.float64)
        ctx_count = np.bincount(pairs[:, 0], weights=counts, minlength=n)
        # Interpolated Kneser-Ney for weighted (fractional) counts: the mass a context gives
        # away is what discounting took from it, and a pair seen only in a lightly weighted
        # source (a word list) counts as a fraction of a type for the continuation counts.
        taken = np.bincount(pairs[:, 0], weights=np.minimum(counts, DISCOUNT), minlength=n)
        cont_types = np.bincount(pairs[:, 1], weights=np.minimum(counts, 1.0), minlength=n)
        vals = np.maximum(counts - DISCOUNT, 0.0) / ctx_count[pairs[:, 0]]
        alpha = np.where(ctx_count > 0, taken / np.maximum(ctx_count, 1e-9), 1.0)
        pcont = (cont_types + 0.5) / (cont_types.sum() + 0.5 * n)
        unigram = np.array([self.unigram.get(i, 0.0) + 1.0 for i in range(n)], dtype=np.float32)
        keep = vals > 0
        np.savez_compressed(
            path,
            syllables=np.array(syllables),
            unigram=unigram,
            alpha=alpha.astype(np.float32),
            pcont=pcont.astype(np.float32),
            bigram_keys=(pairs[keep, 0] * n + pairs[keep, 1]).astype(np.int64),
            bigram_vals=vals[keep].astype(np.float32),
        )


def vlsp_sentences(text: str) -> list[str]:
    sentences, words = [], []
    for line in text.splitlines():
        if not line.strip():
            if words:
                sentences.append(" ".join(words))
            words = []
        else:
            words.append(line.split("\t")[0])
    if words:
        sentences.append(" ".join(words))
    return sentences


def place_names(address_json: str) -> list[str]:
    """Unit names with their level words, old (pre-July 2025) and new."""
    from vietnam_provinces import Province, Ward

    names = [p.name for p in Province.iter_all()] + [w.name for w in Ward.iter_all()]
    data = json.loads(address_json)
    for table in ("province_names", "old_province_names"):
        names += [v["name"] for v in data[table].values()]
    for row in data["ward_mapping"]:
        names += [row.get(k) or "" for k in ("old_district", "old_ward", "new_ward")]
    return sorted(set(filter(None, names)))


def build(wheel: Path, out: Path, exclude: set[str]) -> Counts:
    counts = Counts()
    with zipfile.ZipFile(wheel) as zf:
        viet74k = zf.read(_VIET74K).decode("utf-8")
        vlsp = zf.read(_VLSP).decode("utf-8")
        address = zf.read(_ADDRESS).decode("utf-8")
    for word in viet74k.splitlines():
        counts.add(word.replace("-", " "), WORD_LIST, sentences=False)
    for sentence in vlsp_sentences(vlsp):
        counts.add(sentence, 1.0)
    for name in place_names(address):
        counts.add(name, PLACES, sentences=False)
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        if seed.name.split("_")[0] in exclude or mark_ratio(text) < 0.6:
            continue
        print(f"in-domain text: {seed.name}")
        counts.add(text, IN_DOMAIN)
    for doc in json.loads((SHARED / "catalog" / "catalog.json").read_text("utf-8"))["documents"]:
        for key in ("title", "issuer", "doc_type"):
            if doc.get(key):
                counts.add(doc[key], IN_DOMAIN, sentences=False)
    for phrase in vocabulary():
        counts.add(phrase, IN_DOMAIN, sentences=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts.save(out)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--underthesea-wheel", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--exclude-seed", action="append", default=[],
                    help="seed number prefix to leave out (e.g. 004)")
    args = ap.parse_args()
    counts = build(args.underthesea_wheel, args.out, set(args.exclude_seed))
    print(f"{len(counts.ids)} syllables, {len(counts.bigram)} bigrams -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

"""Measure what Vietnamese OCR (no Vietnamese model) does to clean text, for ``--degrade ocr-noise``.

Pairs every clean text of the hand readings (gold 000, 001; tests/data hand 002, 003: mentions,
task and indicator texts, duties, names, all with their marks) with the OCR span it was read
from in the seed, aligns the two character by character (Levenshtein edit operations), and
counts, per clean character, what the OCR printed in its place: itself, another string
(an inserted character belongs to the marked letter beside it, else to the character
before it), or nothing. Also counts page
numbers printed on lines of their own. Writes ``ingest/data/ocr_noise.json``; prints a summary.

    python scripts/measure_ocr_noise.py [--out ingest/data/ocr_noise.json]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ingest.normalize import strip_marks

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
READINGS = [ROOT.parent / "shared" / "gold" / "000_2dc6f65ccb01aa7d.json",
            ROOT.parent / "shared" / "gold" / "001_2050ba26a5080564.json",
            ROOT / "tests" / "data" / "hand_002_bf010496bf85ed6b.json",
            ROOT / "tests" / "data" / "hand_003_94017bbf33b74b77.json"]
MIN_LENGTH = 20  # shorter texts align ambiguously
MIN_SIMILARITY = 80.0  # folded partial ratio; below it the text is not a reading of the span
EDGE = 3  # characters at both ends of an alignment, left out (window edges are approximate)
MIN_COUNT = 20  # outputs of a character seen fewer times fall back to its lower case
MIN_SHARE = 0.003  # outputs rarer than this are dropped (they are alignment noise),
MIN_SEEN = 2  # and so are outputs seen once
PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,2}\s*-?\s*$")


def _fold_char(ch: str) -> str:
    """One character folded to one character, so offsets survive folding."""
    return (strip_marks(ch).lower() or ch)[:1]


def _clean_texts(reading: Path) -> list[str]:
    """Every string value long enough to align (notes not read from the plan fail to align)."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and len(value) >= MIN_LENGTH:
            out.append(unicodedata.normalize("NFC", " ".join(value.split())))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(reading.read_text(encoding="utf-8")))
    return list(dict.fromkeys(out))


def _outputs(clean: str, ocr: str) -> list[tuple[str, str]]:
    """(clean character, what OCR printed for it) along the best alignment."""
    printed = list(clean)  # identity until an edit says otherwise
    before = [""] * len(clean)
    after = [""] * len(clean)
    for op in Levenshtein.editops(clean, ocr):
        i = op.src_pos
        if op.tag == "replace":
            printed[i] = ocr[op.dest_pos]
        elif op.tag == "delete":
            printed[i] = ""
        elif i < len(clean) and not clean[i].isascii() and (i == 0 or clean[i - 1].isascii()):
            before[i] += ocr[op.dest_pos]  # insert next to a marked letter: its misreading
        elif i > 0:
            after[i - 1] += ocr[op.dest_pos]
    return [(clean[i], before[i] + printed[i] + after[i])
            for i in range(EDGE, len(clean) - EDGE)]


def measure() -> dict[str, Any]:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    aligned = texts = 0
    page_numbers = lines = 0
    for reading in READINGS:
        seed = next(SEEDS.glob(reading.stem.removeprefix("hand_") + "*"))
        raw = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
        rows = raw.split("\n")
        lines += len(rows)
        page_numbers += sum(1 for i, r in enumerate(rows) if PAGE_NUMBER.match(r)
                            and not rows[i - 1].strip() and i + 1 < len(rows)
                            and not rows[i + 1].strip())
        flat = re.sub(r"\s", " ", raw)
        folded = "".join(_fold_char(c) for c in flat)
        for clean in _clean_texts(reading):
            texts += 1
            hit = fuzz.partial_ratio_alignment("".join(_fold_char(c) for c in clean), folded)
            if hit is None or hit.score < MIN_SIMILARITY:
                continue
            aligned += 1
            span = re.sub(r" {2,}", " ", flat[hit.dest_start:hit.dest_end])
            for ch, out in _outputs(clean, span):
                # a letter only re-cased is the reader's normalisation, not the scan's damage
                seen[ch][ch if out.swapcase() == ch and ch.isascii() else out] += 1
    table: dict[str, list[list[Any]]] = {}
    counts = {ch: sum(c.values()) for ch, c in seen.items()}
    for ch, outs in sorted(seen.items()):
        if counts[ch] < MIN_COUNT:
            continue
        total = counts[ch]
        kept = [[out, round(n / total, 4)] for out, n in outs.most_common()
                if out != ch and n >= MIN_SEEN and n / total >= MIN_SHARE]
        if kept:
            table[ch] = kept
    return {"source": "scripts/measure_ocr_noise.py on seeds 000-003 and their hand readings",
            "texts": texts, "aligned": aligned, "characters": sum(counts.values()),
            "page_number_lines_per_1000": round(1000 * page_numbers / lines, 2),
            "counts": {ch: counts[ch] for ch in table}, "confusions": table}


def _summary(data: dict[str, Any]) -> None:
    conf, counts = data["confusions"], data["counts"]
    print(f"{data['aligned']}/{data['texts']} texts aligned, {data['characters']} characters; "
          f"page numbers {data['page_number_lines_per_1000']} per 1000 lines")
    for ch in sorted(conf, key=lambda c: -counts[c]):
        changed = sum(p for _, p in conf[ch])
        top = ", ".join(f"{o!r} {p:.1%}" for o, p in conf[ch][:5])
        print(f"{ch!r:6} n={counts[ch]:6d} changed {changed:6.1%}: {top}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "ingest" / "data" / "ocr_noise.json")
    args = parser.parse_args()
    data = measure()
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _summary(data)


if __name__ == "__main__":
    main()

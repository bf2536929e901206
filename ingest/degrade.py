"""Damage a document the way scanning damages plans, to measure how extraction generalises.

The gold plans are cleaner than most real ones: two of three have their marks. Scoring the same
plans damaged, against the same annotations, measures what a worse scan would score:

* ``strip-marks``: every mark removed (đ -> d), as OCR without a Vietnamese model would read
  a scan if it made no other error.
* ``ocr-noise``: what that OCR really prints, drawn per character from the confusions measured
  on the OCR'd seeds (``ingest/data/ocr_noise.json``, made by ``scripts/measure_ocr_noise.py``):
  marks lost or misread ("ệ" -> "é"/"¢", "ố" -> "6"/"d"/"b"), "đ" -> "d"/"P", "ư" -> "u"/"w",
  "l" -> "1", "của" -> "ctia", glued and split words, page numbers on blank lines. Seeded and
  deterministic; one line in, one line out, so provenance still points to the right line.
"""

from __future__ import annotations

import json
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import accumulate
from pathlib import Path

from ingest.document import Line, SourceText
from ingest.normalize import strip_marks
from ingest.pipeline import DEFAULT_PIPELINE, run_stages
from ingest.records import PlanRecord

NOISE_TABLE = Path(__file__).resolve().parent / "data" / "ocr_noise.json"
DEFAULT_SEED = 0


def _strip(source: SourceText) -> SourceText:
    """Every mark removed (đ -> d), as OCR without a Vietnamese model reads a scan."""
    lines = [Line(ln.number, strip_marks(ln.text), strip_marks(ln.raw), ln.page)
             for ln in source.lines]
    return replace(source, lines=lines, tables=[], lost_diacritics=True)


@dataclass(frozen=True)
class _Misreading:
    """What OCR prints for one character: itself unless a draw falls under ``changed``."""

    outputs: tuple[str, ...]
    cumulative: tuple[float, ...]  # running sum of the outputs' shares

    @property
    def changed(self) -> float:
        return self.cumulative[-1] if self.cumulative else 0.0

    def draw(self, ch: str, rng: random.Random) -> str:
        r = rng.random()
        if r >= self.changed:
            return ch
        return self.outputs[min(bisect_right(self.cumulative, r), len(self.outputs) - 1)]


@dataclass(frozen=True)
class NoiseModel:
    """Measured misreadings per character and the rate of page numbers per line."""

    misreadings: dict[str, _Misreading]
    page_numbers_per_line: float

    def misread(self, ch: str, rng: random.Random) -> str:
        """One character as OCR prints it. Letters not measured often enough borrow their
        lower case's misreadings; capitals lose their marks (OCR'd headings print none)."""
        found = self.misreadings.get(ch)
        if found is not None:
            return found.draw(ch, rng)
        if ch.isascii():
            return ch
        lower = ch.lower()
        found = self.misreadings.get(lower)
        out = found.draw(lower, rng) if found is not None else lower
        return strip_marks(out).upper() if ch.isupper() else strip_marks(out)


@lru_cache(maxsize=1)
def noise_model(path: Path = NOISE_TABLE) -> NoiseModel:
    """The measured table, read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    misreadings = {}
    for ch, outs in data["confusions"].items():
        cleaned = [(out.replace("\n", " ").replace("\r", " "), share) for out, share in outs]
        misreadings[ch] = _Misreading(tuple(o for o, _ in cleaned),
                                      tuple(accumulate(s for _, s in cleaned)))
    return NoiseModel(misreadings, data["page_number_lines_per_1000"] / 1000)


def misread_line(text: str, rng: random.Random, model: NoiseModel | None = None) -> str:
    """A line as OCR prints it; never more than one line."""
    model = model or noise_model()
    return "".join(model.misread(ch, rng) for ch in unicodedata.normalize("NFC", text))


def ocr_noise(source: SourceText, seed: int = DEFAULT_SEED) -> SourceText:
    """``source`` read back through the measured OCR damage. The same seed and document give
    the same text; a blank line may carry a page number, as scanned pages print them. A text
    that already lost its marks was OCR'd already and is returned as is: damaging it twice
    would model no real scan."""
    from ingest.readers import lost_diacritics

    if source.lost_diacritics:
        return source
    model = noise_model()
    rng = random.Random(f"{seed}:{source.name}")
    page = 1
    lines = []
    for ln in source.lines:
        if not ln.text.strip() and rng.random() < model.page_numbers_per_line:
            page += 1
            text = str(page)
        else:
            text = misread_line(ln.text, rng, model)
        lines.append(Line(ln.number, text, text, ln.page))
    damaged = replace(source, lines=lines, tables=[])
    damaged.lost_diacritics = lost_diacritics(damaged.text)
    return damaged


#: Degradation name -> what it does to a read document (before repair).
DEGRADATIONS: dict[str, Callable[[SourceText], SourceText]] = {
    "strip-marks": _strip,
    "ocr-noise": partial(ocr_noise, seed=DEFAULT_SEED),
}


def degraded_extract(path: str | Path, degradation: str,
                     stages: Sequence[str] = DEFAULT_PIPELINE) -> PlanRecord:
    """Read ``path``, damage it with ``degradation``, repair it and run ``stages``."""
    from ingest.readers import read_document
    from ingest.repair import repair

    damage = DEGRADATIONS[degradation]
    return run_stages(repair(damage(read_document(Path(path)))), stages or DEFAULT_PIPELINE)

"""Values of a multi-year target row placed in their year columns.

A flattened row prints its value cells left to right with the empty ones left out, so the
count of values read says which columns they fill:

* a "hiện trạng" (current state) column before the years holds the baseline, not a target,
  unless the row marks itself new ("Chỉ tiêu mới, chưa đánh giá"), when that cell holds words;
* with the baseline accounted for, fewer values than year columns are the later years: a
  target introduced late ("6G from 2035", or a row marked new) leaves the early cells blank;
  but a rate whose values stop at 100% (not marked new) was met early, and the cells after it
  are the blank ones;
* except where a printed baseline leaves exactly one year short: OCR lost a cell, and a rate
  that has reached 100% keeps it in the later years (targets do not fall back), so the years
  after the last value read are filled with it.
"""

from __future__ import annotations

import re

from ingest.deadlines import fold_same_length

#: The baseline cell of an indicator the plan introduces ("Chỉ tiêu mới, chưa đánh giá"),
#: on folded text as OCR spells it ("chitieumor.", "hi tiéu moi.", "chua d4nh gia").
NEW_BASELINE = re.compile(r"(?<![\w])c?hi\s*ti\w{0,3}u\s*m\w{1,3}\b"
                           r"|(?<![\w])chu\w?\s*d\w{1,3}h\s*gi\w?(?!\w)")
#: A value at the cap of a rate: 100 or 100%, with or without a comparison sign.
_CAP = re.compile(r"^[≥=]?\s*100\s*%?$")


def new_baseline(lines: list[str]) -> bool:
    """Whether a row's baseline cell says the indicator is new (no baseline value printed)."""
    return any(NEW_BASELINE.search(fold_same_length(t).lower()) for t in lines)


def _capped(values: list[str], n: int) -> list[str]:
    """``values`` filled up to ``n`` with the last one, when that one is a rate's cap."""
    if values and len(values) < n and _CAP.match(values[-1]):
        return values + [values[-1]] * (n - len(values))
    return values


def year_targets(values: list[str], years: list[str], baseline_column: bool,
                 marked_new: bool) -> dict[str, str] | None:
    """The target of each year column, from the values read left to right on the row."""
    n = len(years)
    vals = [v.rstrip(".") for v in values]
    if not vals:
        return None
    lost_one = False
    if baseline_column and not marked_new:
        if len(vals) > n:
            vals = vals[-n:]  # the baseline, and debris of the text cell before it
        elif len(vals) == n:
            vals, lost_one = vals[1:], True  # the baseline printed, one year's cell lost
        else:
            vals, lost_one = vals[1:], True  # the baseline and what OCR kept of the years
    elif len(vals) > n:
        vals = vals[-n:] if baseline_column else vals[:n]
    if not vals:
        return None
    if lost_one:
        vals = _capped(vals, n)
        return dict(zip(years, vals, strict=False))
    if not marked_new and _CAP.match(vals[-1]) and vals[-1].endswith("%"):
        return dict(zip(years, vals, strict=False))
    return dict(zip(years[n - len(vals):], vals, strict=True))


__all__ = ["NEW_BASELINE", "new_baseline", "year_targets"]

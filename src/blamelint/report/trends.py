"""Density and completeness over time: dated documents in months or quarters.

A period's density is pooled (its findings per 1,000 of its words), so one short document
does not swing it; its completeness is the mean of its documents' scores. Every period
between the first and the last is listed, empty ones with null values, so a chart's gaps
are real gaps.
"""

from __future__ import annotations

import datetime as dt

PERIODS = ("auto", "month", "quarter")
# Up to this many months between the first and last dated document, "auto" means months.
AUTO_MONTHS = 18
# A change smaller than this share of the mean, first period to last, is "flat".
FLAT_SHARE = 0.1


def choose_period(days: list[dt.date], period: str) -> str:
    if period != "auto":
        return period
    if not days:
        return "quarter"
    return "month" if _month_index(max(days)) - _month_index(min(days)) < AUTO_MONTHS else "quarter"


def period_key(day: dt.date, period: str) -> str:
    return f"{day.year}-{day.month:02d}" if period == "month" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _keys_between(first: dt.date, last: dt.date, period: str) -> list[str]:
    step = 1 if period == "month" else 3
    index = _month_index(first) - (_month_index(first) % step)
    keys = []
    while index <= _month_index(last):
        keys.append(period_key(dt.date(index // 12, index % 12 + 1, 1), period))
        index += step
    return keys


def trends(documents, period: str) -> dict:
    """`documents`: DocumentFacts. Undated documents are left out (and counted)."""
    dated = [d for d in documents if d.date.day is not None]
    period = choose_period([d.date.day for d in dated], period)
    buckets = []
    if dated:
        first, last = min(d.date.day for d in dated), max(d.date.day for d in dated)
        members: dict[str, list] = {key: [] for key in _keys_between(first, last, period)}
        for document in dated:
            members[period_key(document.date.day, period)].append(document)
        buckets = [_bucket(key, docs) for key, docs in members.items()]
    return {
        "period": period,
        "undated_documents": len(documents) - len(dated),
        "buckets": buckets,
        "blame_density_direction": direction([b["blame_density"] for b in buckets]),
        "completeness_direction": direction([b["completeness"] for b in buckets]),
    }


def _bucket(key: str, docs: list) -> dict:
    words = sum(d.words for d in docs)

    def pooled(family: str):
        return round(1000 * sum(d.by_family[family] for d in docs) / words, 3) if words else None

    return {
        "period": key,
        "documents": len(docs),
        "words": words,
        "findings": {family: sum(d.by_family[family] for d in docs) for family in ("blame", "assumption", "structure")},
        "blame_density": pooled("blame"),
        "assumption_density": pooled("assumption"),
        "completeness": round(sum(d.completeness["score"] for d in docs) / len(docs), 3) if docs else None,
    }


def direction(values: list[float | None]) -> str:
    """"down", "up" or "flat" by the least-squares line through the periods that have a
    value, from the first such period to the last; "unknown" with fewer than two of them."""
    line = trend_line(values)
    if line is None:
        return "unknown"
    present = [(x, y) for x, y in enumerate(values) if y is not None]
    mean = sum(y for _, y in present) / len(present)
    change = line[1] * (present[-1][0] - present[0][0])
    if change == 0 or abs(change) <= FLAT_SHARE * abs(mean):
        return "flat"
    return "up" if change > 0 else "down"


def trend_line(values: list[float | None]) -> tuple[float, float] | None:
    """(intercept, slope) of the least-squares line through the periods that have a value
    (x is the period's index); None with fewer than two of them."""
    points = [(x, y) for x, y in enumerate(values) if y is not None]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    return mean_y - slope * mean_x, slope

"""Inline SVG charts: no script, no font, no network; each mark has a tooltip (<title>).

A chart is drawn from (label, value) pairs; a None value is a period without documents,
drawn as a gap. The least-squares line is dashed over the bars or points.
"""

from __future__ import annotations

import math
from html import escape

from blamelint.report.trends import trend_line

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 12, 30
MAX_LABELS = 10


def chart(chart_id: str, title: str, labels: list[str], values: list[float | None], kind: str = "bar",
          y_max: float | None = None, fmt=lambda v: f"{v:g}", tooltips: list[str] | None = None,
          color: str = "#c2410c") -> str:
    """An SVG `kind` ("bar" or "line") chart; `fmt` formats axis values."""
    present = [v for v in values if v is not None]
    top = y_max if y_max is not None else _nice_ceiling(max(present, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values), 1)

    def x(i: float) -> float:
        return LEFT + step * (i + 0.5)

    def y(v: float) -> float:
        return TOP + plot_h - (v / top * plot_h if top else 0)

    tooltips = tooltips or [f"{label}: {fmt(v)}" if v is not None else f"{label}: no documents"
                            for label, v in zip(labels, values)]
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title" data-marks="{len(present)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        _grid(top, fmt, y),
        _x_labels(labels, x),
    ]
    marks = _bars(values, x, y, step, tooltips, color) if kind == "bar" else _line(values, x, y, tooltips, color)
    parts.append(f'<g class="marks">{marks}</g>')
    parts.append(_trend(values, x, y, top))
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: float) -> float:
    """The top of the axis: four ticks of a round step (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * 4


def _grid(top: float, fmt, y) -> str:
    lines = []
    for index in range(5):
        value = top * index / 4
        ypos = y(value)
        lines.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ypos:.1f}" y2="{ypos:.1f}"/>'
                     f'<text class="axis" x="{LEFT - 6}" y="{ypos + 4:.1f}" text-anchor="end">{escape(fmt(value))}</text>')
    return "".join(lines)


def axis_labels(periods: list[str]) -> list[str]:
    """What the x axis shows under each period: all of them when they fit; else the year
    under each year's first period ("2021-Q1", "2021-01"), or every n-th period."""
    if len(periods) <= MAX_LABELS:
        return periods
    yearly = [p[:4] if p.endswith(("-Q1", "-01")) else "" for p in periods]
    if 2 <= sum(1 for label in yearly if label) <= MAX_LABELS:
        return yearly
    every = math.ceil(len(periods) / MAX_LABELS)
    return [p if i % every == 0 else "" for i, p in enumerate(periods)]


def _x_labels(labels: list[str], x) -> str:
    baseline = HEIGHT - BOTTOM
    texts = [f'<text class="axis" x="{x(i):.1f}" y="{baseline + 18}" text-anchor="middle">{escape(label)}</text>'
             for i, label in enumerate(axis_labels(labels)) if label]
    return f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{baseline}" y2="{baseline}"/>' + "".join(texts)


def _bars(values, x, y, step, tooltips, color) -> str:
    width = max(step * 0.7, 1.5)
    bars = []
    for i, value in enumerate(values):
        if value is None:
            continue
        top = y(value)
        height = max(y(0) - top, 1.0)  # a zero still shows, as a hairline
        bars.append(f'<rect class="mark" x="{x(i) - width / 2:.1f}" y="{y(0) - height:.1f}" width="{width:.1f}" '
                    f'height="{height:.1f}" fill="{color}"><title>{escape(tooltips[i])}</title></rect>')
    return "".join(bars)


def _line(values, x, y, tooltips, color) -> str:
    segments, current = [], []
    for i, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x(i):.1f},{y(value):.1f}")
    if current:
        segments.append(current)
    paths = "".join(f'<polyline class="line" points="{" ".join(s)}" stroke="{color}"/>' for s in segments if len(s) > 1)
    dots = "".join(f'<circle class="mark" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{color}">'
                   f'<title>{escape(tooltips[i])}</title></circle>' for i, v in enumerate(values) if v is not None)
    return paths + dots


def _trend(values, x, y, top) -> str:
    line = trend_line(values)
    if line is None:
        return ""
    intercept, slope = line
    first = next(i for i, v in enumerate(values) if v is not None)
    last = max(i for i, v in enumerate(values) if v is not None)

    def clamp(v: float) -> float:
        return min(max(v, 0.0), top)

    return (f'<line class="trend" x1="{x(first):.1f}" y1="{y(clamp(intercept + slope * first)):.1f}" '
            f'x2="{x(last):.1f}" y2="{y(clamp(intercept + slope * last)):.1f}"><title>least-squares trend</title></line>')

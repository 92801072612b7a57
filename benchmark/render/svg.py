"""Inline SVG charts: a value with its 95% interval, and grouped bars for slices."""

from __future__ import annotations

import html
from collections.abc import Sequence

CI_WIDTH = 120
CI_HEIGHT = 12


def ci_bar(
    value: float, lo: float, hi: float, ceiling: float | None = None, width: int = CI_WIDTH
) -> str:
    """A bar for the value on [0, 1], a whisker for the interval, a dashed line for a ceiling."""
    w, h = width, CI_HEIGHT

    def x(v: float) -> float:
        return round(max(0.0, min(1.0, v)) * w, 1)

    parts = [
        f'<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{value:.3f}, 95% CI {lo:.3f} to {hi:.3f}">',
        f'<rect class="bar-bg" x="0" y="3" width="{w}" height="{h - 6}"/>',
        f'<rect class="bar" x="0" y="3" width="{x(value)}" height="{h - 6}"/>',
        f'<line class="whisker" x1="{x(lo)}" x2="{x(hi)}" y1="{h / 2}" y2="{h / 2}" stroke-width="1.5"/>',
        f'<line class="whisker" x1="{x(lo)}" x2="{x(lo)}" y1="1" y2="{h - 1}"/>',
        f'<line class="whisker" x1="{x(hi)}" x2="{x(hi)}" y1="1" y2="{h - 1}"/>',
    ]
    if ceiling is not None:
        parts.append(f'<line class="ceiling" x1="{x(ceiling)}" x2="{x(ceiling)}" y1="0" y2="{h}"/>')
    return "".join(parts) + "</svg>"


SERIES = (
    "var(--accent)",
    "var(--wrong_speaker)",
    "var(--correct)",
    "var(--spurious)",
    "var(--sky)",
)


def grouped_bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> str:
    """Horizontal bars on [0, 1]: one group per label, one bar per series (a system)."""
    bar, gap, left, width = 12, 8, 170, 300
    group = bar * len(series) + gap
    height = group * len(labels) + 30
    out = [
        f'<svg class="chart" width="{left + width + 60}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">'
    ]
    for i, label in enumerate(labels):
        y0 = 10 + i * group
        out.append(
            f'<text x="{left - 6}" y="{y0 + bar * len(series) / 2 + 4}" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
        for j, (name, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            y = y0 + j * bar
            out.append(
                f'<rect x="{left}" y="{y}" width="{round(value * width, 1)}" height="{bar - 2}" '
                f'style="fill:{SERIES[j % len(SERIES)]}"><title>{html.escape(name)}: '
                f"{value:.3f}</title></rect>"
                f'<text x="{left + value * width + 4}" y="{y + bar - 3}">{value:.2f}</text>'
            )
    axis_y = height - 16
    out.append(f'<line class="axis" x1="{left}" x2="{left + width}" y1="{axis_y}" y2="{axis_y}"/>')
    for tick in (0, 0.5, 1):
        out.append(
            f'<text x="{left + tick * width}" y="{axis_y + 13}" text-anchor="middle">{tick:g}</text>'
        )
    return "".join(out) + "</svg>"


def legend(series: Sequence[str]) -> str:
    return " ".join(
        f'<span class="swatch" style="display:inline-block;width:.8em;height:.8em;'
        f'background:{SERIES[j % len(SERIES)]}"></span> {html.escape(name)}'
        for j, name in enumerate(series)
    )

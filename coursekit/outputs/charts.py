"""Small statistics and SVG charts for the class report and the web gradebook: histograms
with whole points on x and whole students on y, bars of failure rates. No matplotlib: an
SVG of a few hundred bytes per plot, so that a page of 25 assignments loads at once."""
from __future__ import annotations

import math
import statistics
from collections import Counter

from markupsafe import Markup, escape

from .gradebook import GradedNotebook


def spread(scores: list[float]) -> dict:
    """n, mean, median, standard deviation (population), quartiles, min and max of ``scores``."""
    if not scores:
        return {"n": 0, "mean": 0.0, "median": 0.0, "std": 0.0, "q1": 0.0, "q3": 0.0, "min": 0.0, "max": 0.0}
    ordered = sorted(scores)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else (ordered[0],) * 3
    return {"n": len(ordered), "mean": statistics.fmean(ordered), "median": statistics.median(ordered),
            "std": statistics.pstdev(ordered), "q1": q1, "q3": q3, "min": ordered[0], "max": ordered[-1]}


def score_counts(scores: list[float], max_score: float) -> list[int]:
    """How many scores fall in each whole point: bin k holds k <= score < k + 1 (the last bin
    also holds max_score); len = floor(max_score) + 1."""
    n_bins = int(math.floor(max_score)) + 1
    counts = [0] * n_bins
    for s in scores:
        counts[min(max(int(math.floor(s + 1e-9)), 0), n_bins - 1)] += 1
    return counts


def _ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 to at least ``top``, at most about 6 of them."""
    step = max(1, math.ceil(top / 5))
    return list(range(0, top + step, step))


def histogram_svg(scores: list[float], max_score: float, label: str) -> Markup:
    """An SVG histogram: x whole points 0..max_score, y whole students."""
    counts = score_counts(scores, max_score)
    ticks = _ticks(max(counts, default=0) or 1)
    width, height, left, bottom, top_pad = 520, 200, 36, 34, 8
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    bar_w = plot_w / len(counts)
    y = lambda v: top_pad + plot_h * (1 - v / ticks[-1])  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">']
    for t in ticks:
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 4}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11">{t}</text>')
    label_every = max(1, math.ceil(len(counts) / 20))
    for k, c in enumerate(counts):
        x = left + k * bar_w
        if c:
            parts.append(f'<rect x="{x + 1:.1f}" y="{y(c):.1f}" width="{max(bar_w - 2, 1):.1f}" '
                         f'height="{plot_h + top_pad - y(c):.1f}" fill="#3b7dd8"><title>{k} points: {c} '
                         f'student{"s" if c != 1 else ""}</title></rect>')
        if k % label_every == 0 or k == len(counts) - 1:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                         f'font-size="11">{k}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle" font-size="11">'
                 'score (whole points)</text>'
                 f'<text x="10" y="{top_pad + plot_h / 2:.0f}" font-size="11" text-anchor="middle" '
                 f'transform="rotate(-90 10 {top_pad + plot_h / 2:.0f})">students</text></svg>')
    return Markup("".join(parts))


def test_failures(notebooks: list[GradedNotebook], n_messages: int = 5) -> list[dict]:
    """Per test: how many notebooks ran it and failed it, the failure rate (of those that ran it;
    an unreadable notebook runs no test), and the commonest messages in full with their counts;
    commonest failure first."""
    ran: Counter[str] = Counter()
    failed: dict[str, list[str]] = {}
    for nb in notebooks:
        for t in nb.tests:
            ran[t.test_id] += 1
            failed.setdefault(t.test_id, [])
            if t.outcome != "passed":
                failed[t.test_id].append(t.message)
    rows = [{"test_id": test_id, "function": test_id.split("::", 1)[0], "ran": ran[test_id],
             "failed": len(messages), "rate": len(messages) / max(ran[test_id], 1),
             "messages": Counter(messages).most_common(n_messages)}
            for test_id, messages in failed.items()]
    rows.sort(key=lambda r: -float(r["rate"]))  # type: ignore[arg-type]
    return rows

"""The scale page's report: where the measurement ran, two log-log plots (wall time and
memory per sleeper, tasks against threads) and the table of every measurement."""

from __future__ import annotations

import html
import math
import os
import platform

from tasksdocs.engine.scale import SLEEP, Measured, Measurement


def machine() -> str:
    return (f"CPython {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPU cores")


def table(results: list[Measurement]) -> str:
    rows = [
        f"| {m.kind} | {m.count:,} | {m.seconds:.2f} | {m.seconds - SLEEP:.2f} | "
        f"{m.collector_seconds:.2f} | {m.kib_each:.1f} |"
        for m in results
    ]
    return "\n".join([
        "| Kind | N | Wall time (s) | Beyond the 0.1 s sleep (s) | In the garbage collector (s) "
        "| Memory each (KiB) |",
        "|---|--:|--:|--:|--:|--:|",
        *rows,
    ])


def plot(results: list[Measurement], title: str, value: str, unit: str) -> str:
    """A log-log line plot of `value` ("seconds" or "kib_each") against N, per kind."""
    width, height, left, bottom, top, right = 460, 262, 64, 40, 30, 90
    shown = [m for m in results if getattr(m, value) > 0]  # a log axis has no place for 0
    xs = [m.count for m in shown] or [1]
    ys = [getattr(m, value) for m in shown] or [1.0]
    x_lo, x_hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    x_hi = max(x_hi, x_lo + 1)
    y_lo, y_hi = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    y_hi = max(y_hi, y_lo + 1)

    def px(n: float) -> float:
        return round(left + (math.log10(n) - x_lo) / (x_hi - x_lo) * (width - left - right), 1)

    def py(v: float) -> float:
        return round(height - bottom - (math.log10(v) - y_lo) / (y_hi - y_lo)
                     * (height - bottom - top), 1)

    desc = "; ".join(f"{m.kind} N={m.count:,}: {getattr(m, value):.3g} {unit}" for m in results)
    parts = [f'<svg class="scale-plot" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>",
             '<g class="axis">']
    for power in range(x_lo, x_hi + 1):
        parts.append(f'<line x1="{px(10**power)}" y1="{height - bottom}" x2="{px(10**power)}" '
                     f'y2="{top}" class="grid"/><text x="{px(10**power)}" '
                     f'y="{height - bottom + 16}" text-anchor="middle">{10**power:,}</text>')
    for power in range(y_lo, y_hi + 1):
        parts.append(f'<line x1="{left}" y1="{py(10**power)}" x2="{width - right}" '
                     f'y2="{py(10**power)}" class="grid"/><text x="{left - 6}" '
                     f'y="{py(10**power) + 4}" text-anchor="end">{10.0**power:g}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 6}" '
                 f'text-anchor="middle">N (log scale)</text>'
                 f'<text x="4" y="12">{html.escape(unit)}</text></g>')
    for kind in ("tasks", "threads"):
        points = [(px(m.count), py(getattr(m, value))) for m in shown if m.kind == kind]
        if not points:
            continue
        path = " ".join(f"{x},{y}" for x, y in points)
        parts.append(f'<g class="series series-{kind}"><polyline points="{path}"/>'
                     + "".join(f'<circle cx="{x}" cy="{y}" r="4"/>' for x, y in points)
                     + f'<text x="{points[-1][0] + 8}" y="{points[-1][1] + 4}">{kind}</text>'
                     "</g>")
    parts.append("</svg>")
    return "".join(parts)


def scrolling(svg: str, label: str) -> str:
    """A plot that keeps a legible size on a phone (its text at least 11 px), scrolling
    inside itself there, with the figures' edge shadows as the cue."""
    return (f'<div class="timeline-scroll" tabindex="0" role="region" '
            f'aria-label="{html.escape(label)}, scrolls sideways">{svg}</div>')


def report(measured: Measured) -> str:
    """The Markdown that replaces the scale page's marker."""
    results = measured.results
    if not results:
        return (f"*Not measured on this build: {html.escape(measured.stopped)}.*")
    return "\n\n".join([
        f"Measured while this site was built: {machine()}. Where each kind stopped, and "
        f"why: {html.escape(measured.stopped)}.",
        scrolling(plot(results, "Wall time for N concurrent 0.1 s sleeps", "seconds",
                       "seconds"), "Wall time plot"),
        scrolling(plot(results, "Memory per task or thread", "kib_each", "KiB each"),
                  "Memory plot"),
        table(results),
    ])

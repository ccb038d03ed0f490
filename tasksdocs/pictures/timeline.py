"""Task timelines: a traced run (see `runner/recorder.py`) drawn as an inline SVG, one lane
per task (the lanes themselves are read in `lanes.py`), with a table of the same facts.

Figures that are compared on a page share one clock: the plugin draws every figure of a
group with the group's longest span, so a 3 s run is visibly shorter than a 4 s run.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

if __package__:
    from .lanes import Lane as Lane
    from .lanes import concurrent as concurrent
    from .lanes import label_of as label_of
    from .lanes import lanes_from as lanes_from
    from .lanes import span_of as span_of
else:  # in the reader's browser the site's Python files sit side by side (run-worker.mjs)
    from lanes import Lane as Lane  # type: ignore[import-not-found, no-redef]
    from lanes import concurrent as concurrent  # type: ignore[no-redef]
    from lanes import label_of as label_of  # type: ignore[no-redef]
    from lanes import lanes_from as lanes_from  # type: ignore[no-redef]
    from lanes import span_of as span_of  # type: ignore[no-redef]

# -- drawing -------------------------------------------------------------------------------

LANE_HEIGHT = 30
CHAR_WIDTH = 8  # 13 px monospace text is about 7.8 px per character
MAX_LABEL_CHARS = 28  # longer labels are abbreviated; the full label is in a <title>
PLOT_WIDTH = 360  # the longest span of a group of figures is drawn this wide
AXIS_HEIGHT = 40
PRINT_ROW = 24  # below the axis: the printed line of the mark under the pointer or focus
MAX_LANES_SHOWN = 12  # more tasks than this share one summary lane
BRIEF = 1.5  # px: a running span narrower than this is drawn as a tick, not a bar
MARK_WIDTH = 8  # px: printed lines closer than this on a lane share one mark


STEPS = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2,
         5, 10, 30, 60, 300, 600)  # neighbours differ by 2.5x at most: 4 to 9 ticks
MILLISECONDS_BELOW = 0.1  # an axis shorter than this is labelled in milliseconds


def ticks(span: float) -> list[float]:
    step = next(s for s in STEPS if span / s <= 8)
    count = int(span / step + 1e-9) + 1
    return [round(i * step, 6) for i in range(count)]


def tick_label(tick: float, span: float) -> str:
    return f"{tick * 1000:g}" if span < MILLISECONDS_BELOW else f"{tick:g}"


def unit(span: float) -> str:
    """The unit of a figure's times: milliseconds for a run under 0.1 s."""
    return "ms" if span < MILLISECONDS_BELOW else "s"


def number(seconds: float, span: float) -> str:
    """A moment in the figure's unit, to two decimals."""
    return f"{seconds * 1000:.2f}" if span < MILLISECONDS_BELOW else f"{seconds:.2f}"


def axis_span(span: float) -> float:
    return max(ticks(span * 1.0001)[-1], span)


def shown_lanes(lanes: list[Lane], more_tasks: int) -> tuple[list[Lane], Lane | None]:
    """At most MAX_LANES_SHOWN lanes: the first ones, then one lane for all the others."""
    if len(lanes) <= MAX_LANES_SHOWN and not more_tasks:
        return lanes, None
    kept, rest = lanes[:MAX_LANES_SHOWN - 1], lanes[MAX_LANES_SHOWN - 1:]
    count = len(rest) + more_tasks
    names = ", ".join(dict.fromkeys(re.sub(r"\(.*", "()", lane.label) for lane in rest))
    start = min((lane.start for lane in rest), default=0.0)
    ends = [lane.end for lane in rest]
    end = max((e for e in ends if e is not None), default=start)
    summary = Lane(f"+ {count} more tasks: {names}", [(start, "create"), (end, "done")])
    return kept, summary


def label_chars_of(lanes: list[Lane], more_tasks: int = 0) -> int:
    """The room the figure's lane labels need, in characters."""
    kept, summary = shown_lanes(lanes, more_tasks)
    return min(max(len(lane.label) for lane in kept + ([summary] if summary else [])),
               MAX_LABEL_CHARS)


@dataclass(frozen=True)
class Axis:
    """What figures compared on a page share: the span of the longest run, and the room
    for the longest label, so that their clocks line up."""

    span: float
    label_chars: int


@dataclass(frozen=True)
class Canvas:
    """Where a figure's parts go: the label column, then `span` seconds at `scale` px each."""

    span: float
    label_chars: int
    height: float
    width: float

    @property
    def label_width(self) -> float:
        return self.label_chars * CHAR_WIDTH + 16

    @property
    def scale(self) -> float:
        return PLOT_WIDTH / self.span

    def x(self, seconds: float) -> float:
        return round(self.label_width + seconds * self.scale, 1)

    def lane(self, lane: Lane, y: float, kind: str) -> str:
        """One lane: its label, its life, its steps, how it began and ended, its prints."""
        x, chars = self.x, self.label_chars
        shown = lane.label if len(lane.label) <= chars else lane.label[:chars - 1] + "…"
        end = lane.end if lane.end is not None else self.span
        parts = [f'<g class="lane lane-{kind}">',
                 f'<text class="label" x="{self.label_width - 8}" y="{y + 4}" '
                 f'text-anchor="end"><title>{html.escape(lane.label)}</title>'
                 f"{html.escape(shown)}</text>",
                 f'<line class="alive" x1="{x(lane.start)}" y1="{y}" x2="{x(end)}" y2="{y}"/>']
        if kind == "summary":
            parts.append(f'<rect class="summary" x="{x(lane.start)}" y="{y - 5}" '
                         f'width="{max(x(end) - x(lane.start), BRIEF)}" height="10"/></g>')
            return "".join(parts)
        for since, until in lane.running():
            bar = x(until) - x(since)
            parts.append(f'<line class="brief" x1="{x(since)}" y1="{y - 8}" x2="{x(since)}" '
                         f'y2="{y + 8}"/>' if bar < BRIEF else
                         f'<rect class="running" x="{x(since)}" y="{y - 7}" '
                         f'width="{round(bar, 1)}" height="14"/>')
        parts.append(f'<circle class="mark-create" cx="{x(lane.start)}" cy="{y}" r="4"/>')
        if lane.end is not None:
            parts.append(end_mark(lane.ending, x(lane.end), y))
        parts += [self.print_mark(lane, at, text, y)
                  for at, text in moments(lane.prints, MARK_WIDTH / self.scale)]
        return "".join([*parts, "</g>"])

    def print_mark(self, lane: Lane, at: float, text: str, y: float) -> str:
        chars = int((self.width - 8) / CHAR_WIDTH)
        said = f"{lane.label} printed at {number(at, self.span)} {unit(self.span)}: {text}"
        visible = text if len(text) <= chars else text[:chars - 1] + "…"
        return (f'<g class="print" tabindex="0" role="img" aria-label="{html.escape(said)}">'
                f'<path d="M{self.x(at)} {y - 15}l4 5-4 5-4-5z"/>'
                f'<text class="print-text" x="4" y="{self.height - 7}">{html.escape(visible)}'
                "</text></g>")

    def axis(self, y: float) -> str:
        x, span = self.x, self.span
        parts = [f'<g class="axis"><line x1="{self.label_width}" y1="{y}" x2="{x(span)}" '
                 f'y2="{y}"/>']
        parts += [f'<line x1="{x(tick)}" y1="{y}" x2="{x(tick)}" y2="{y + 4}"/>'
                  f'<text x="{x(tick)}" y="{y + 17}" text-anchor="middle">'
                  f"{tick_label(tick, span)}</text>" for tick in ticks(span)]
        named = "milliseconds" if span < MILLISECONDS_BELOW else "seconds"
        parts.append(f'<text x="{x(span)}" y="{y + 32}" text-anchor="end">{named}</text></g>')
        return "".join(parts)


def svg(lanes: list[Lane], title: str, axis: Axis | None = None, more_tasks: int = 0) -> str:
    """An inline SVG, themed by CSS classes (see docs/stylesheets/timeline.css)."""
    axis = axis or Axis(span_of(lanes), label_chars_of(lanes, more_tasks))
    kept, summary = shown_lanes(lanes, more_tasks)
    drawn = kept + ([summary] if summary else [])
    axis_y = LANE_HEIGHT * len(drawn) + 6
    height = axis_y + AXIS_HEIGHT + (PRINT_ROW if any(lane.prints for lane in kept) else 0)
    width = axis.label_chars * CHAR_WIDTH + 16 + PLOT_WIDTH + 20
    canvas = Canvas(axis_span(axis.span), axis.label_chars, height, width)
    ident = slug(title)
    return "".join([
        f'<svg class="task-timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe(drawn, canvas.span))}</desc>',
        *(canvas.lane(lane, index * LANE_HEIGHT + LANE_HEIGHT / 2,
                      "summary" if lane is summary else lane.ending)
          for index, lane in enumerate(drawn)),
        canvas.axis(axis_y),
        "</svg>",
    ])


def moments(prints: list[tuple[float, str]], apart: float) -> list[tuple[float, str]]:
    """Lines printed less than `apart` seconds after the first of a mark share that mark,
    "a / b", drawn at the first one's exact moment (never rounded: a rounded moment could
    fall before the task existed)."""
    merged: list[tuple[float, list[str]]] = []
    for at, text in sorted(prints, key=lambda p: p[0]):
        if merged and at - merged[-1][0] < apart:
            merged[-1][1].append(text)
        else:
            merged.append((at, [text]))
    return [(at, " / ".join(texts)) for at, texts in merged]


def end_mark(ending: str, cx: float, cy: float) -> str:
    if ending == "done":
        return f'<circle class="mark-done" cx="{cx}" cy="{cy}" r="5"/>'
    if ending == "error":
        return (f'<path class="mark-error" d="M{cx - 5} {cy - 5}L{cx + 5} {cy + 5}'
                f'M{cx - 5} {cy + 5}L{cx + 5} {cy - 5}"/>')
    return f'<rect class="mark-cancel" x="{cx - 5}" y="{cy - 5}" width="10" height="10"/>'


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def describe(lanes: list[Lane], span: float) -> str:
    parts = []
    for lane in lanes:
        end = (f"{lane.ending} at {number(lane.end, span)} {unit(span)}"
               if lane.end is not None else "still pending")
        waits = sum(kind == "suspend" for _, kind in lane.events)
        parts.append(f"{lane.label}: created at {number(lane.start, span)} {unit(span)}, "
                     f"waited {waits} time{'s' if waits != 1 else ''}, {end}")
    return "; ".join(parts) + "."


def table(lanes: list[Lane], span: float) -> str:
    u = unit(span)
    rows = "".join(
        f"<tr><td>{html.escape(lane.label)}</td><td>{number(lane.start, span)}</td>"
        f"<td>{first_run(lane, span)}</td>"
        f"<td>{sum(kind == 'suspend' for _, kind in lane.events)}</td>"
        f"<td>{lane.ending}</td>"
        f"<td>{'' if lane.end is None else number(lane.end, span)}</td></tr>"
        for lane in lanes
    )
    printed = sorted((at, lane.label, text) for lane in lanes for at, text in lane.prints)
    print_rows = "".join(f"<tr><td>{number(at, span)}</td><td>{html.escape(label)}</td>"
                         f"<td><code>{html.escape(text)}</code></td></tr>"
                         for at, label, text in printed)
    prints = (f"<table><thead><tr><th>At ({u})</th><th>Task</th><th>Printed</th></tr></thead>"
              f"<tbody>{print_rows}</tbody></table>") if printed else ""
    return (f"<table><thead><tr><th>Task</th><th>Created ({u})</th><th>First ran ({u})</th>"
            f"<th>Waits</th><th>Ended</th><th>At ({u})</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{prints}")


def first_run(lane: Lane, span: float) -> str:
    return next((number(t, span) for t, kind in lane.events if kind == "resume"), "never")


def figure(lanes: list[Lane], title: str, axis: Axis | None = None, more_tasks: int = 0) -> str:
    """The SVG with a caption, and the same facts as tables for screen readers. The SVG
    keeps its size and scrolls sideways on narrow screens, so its text stays legible."""
    kept, summary = shown_lanes(lanes, more_tasks)
    span = axis_span(axis.span if axis else span_of(lanes))
    return (
        '<figure class="task-timeline-figure" data-search-exclude="">'
        f'<div class="timeline-scroll" tabindex="0" role="region" '
        f'aria-label="{html.escape(title)}, scrolls sideways">'
        f"{svg(lanes, title, axis, more_tasks)}</div>"
        f"<figcaption>{html.escape(title)}: bars show when each task was running, lines "
        "when it was alive but waiting; ○ created, ● done, ✕ failed, ■ cancelled, "
        "│ ran briefly, ◆ printed a line (point at it or focus it to read it)."
        f"<details><summary>The timeline as a table</summary>"
        f"{table(kept + ([summary] if summary else []), span)}</details>"
        "</figcaption></figure>"
    )


def timed_output(recording: dict[str, Any]) -> str:
    """Every printed line with its loop time, from the traced run: `[1.00 s] line`."""
    prints = recording.get("prints", [])
    if not prints or recording.get("more_prints"):
        return ""
    lines = "\n".join(f"[{at:.2f} s] {text}" for at, _, text in prints)
    return ('<details class="timed-output" data-search-exclude=""><summary>Each line with the '
            "moment it was printed (loop time, from the traced run)</summary>"
            f"<pre><code>{html.escape(lines)}</code></pre></details>")

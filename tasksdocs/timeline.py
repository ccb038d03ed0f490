"""Task timelines: the lanes of a traced run (see `recorder.py`), drawn as an inline SVG."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

DEFAULT_NAME = re.compile(r"Task-\d+")
ENDINGS = ("done", "error", "cancel")


@dataclass
class Lane:
    """One task's life: `events` are (seconds, kind) with kind in create, resume, suspend,
    done, error, cancel."""

    label: str
    events: list[tuple[float, str]] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.events[0][0]

    @property
    def end(self) -> float | None:
        last_time, last_kind = self.events[-1]
        return last_time if last_kind in ENDINGS else None

    @property
    def ending(self) -> str:
        return self.events[-1][1] if self.events[-1][1] in ENDINGS else "pending"


def lanes_from(recording: dict[str, Any]) -> list[Lane]:
    """The lanes of a recording: each task by its name, or by its call if it has none."""
    return [
        Lane(lane["call"] if DEFAULT_NAME.fullmatch(lane["name"]) else lane["name"],
             [(event[0], event[1]) for event in lane["events"]])
        for lane in recording.get("lanes", [])
    ]


def concurrent(lanes: list[Lane]) -> bool:
    """Were two or more tasks alive at the same moment?"""
    for i, first in enumerate(lanes):
        for second in lanes[i + 1:]:
            first_end = first.end if first.end is not None else float("inf")
            second_end = second.end if second.end is not None else float("inf")
            if first.start < second_end and second.start < first_end:
                return True
    return False


# -- drawing -------------------------------------------------------------------------------

LANE_HEIGHT = 30
LABEL_WIDTH = 140
PLOT_WIDTH = 300
AXIS_HEIGHT = 40


def ticks(span: float) -> list[float]:
    step = next(s for s in (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60) if span / s <= 8)
    count = int(span / step + 1e-9) + 1
    return [round(i * step, 6) for i in range(count)]


def svg(lanes: list[Lane], title: str) -> str:
    """An inline SVG, themed by CSS classes (see docs/stylesheets/timeline.css)."""
    span = max([t for lane in lanes for t, _ in lane.events] + [0.001])
    span = max(ticks(span * 1.0001)[-1], span)
    scale = PLOT_WIDTH / span if span else 1

    def x(seconds: float) -> float:
        return round(LABEL_WIDTH + seconds * scale, 1)

    height = LANE_HEIGHT * len(lanes) + AXIS_HEIGHT
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    parts = [
        f'<svg class="task-timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{slug(title)}-title {slug(title)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{slug(title)}-title">{html.escape(title)}</title>',
        f'<desc id="{slug(title)}-desc">{html.escape(describe(lanes))}</desc>',
    ]
    for index, lane in enumerate(lanes):
        y = index * LANE_HEIGHT + LANE_HEIGHT / 2
        parts.append(f'<g class="lane lane-{lane.ending}">')
        parts.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 4}" '
                     f'text-anchor="end">{html.escape(shorten(lane.label))}</text>')
        end = lane.end if lane.end is not None else span
        parts.append(f'<line class="alive" x1="{x(lane.start)}" y1="{y}" x2="{x(end)}" '
                     f'y2="{y}"/>')
        running_since = None
        for seconds, kind in lane.events:
            if kind == "resume":
                running_since = seconds
            elif running_since is not None and kind in ("suspend", *ENDINGS):
                bar = max(x(seconds) - x(running_since), 2)
                parts.append(f'<rect class="running" x="{x(running_since)}" y="{y - 7}" '
                             f'width="{bar}" height="14"/>')
                running_since = None
        parts.append(f'<circle class="mark-create" cx="{x(lane.start)}" cy="{y}" r="4"/>')
        if lane.end is not None:
            parts.append(end_mark(lane.ending, x(lane.end), y))
        parts.append("</g>")
    axis_y = LANE_HEIGHT * len(lanes) + 6
    parts.append(f'<g class="axis"><line x1="{LABEL_WIDTH}" y1="{axis_y}" '
                 f'x2="{x(span)}" y2="{axis_y}"/>')
    for tick in ticks(span):
        parts.append(f'<line x1="{x(tick)}" y1="{axis_y}" x2="{x(tick)}" y2="{axis_y + 4}"/>'
                     f'<text x="{x(tick)}" y="{axis_y + 17}" text-anchor="middle">{tick:g}</text>')
    parts.append(f'<text x="{x(span)}" y="{axis_y + 30}" text-anchor="end">seconds</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def end_mark(ending: str, cx: float, cy: float) -> str:
    if ending == "done":
        return f'<circle class="mark-done" cx="{cx}" cy="{cy}" r="5"/>'
    if ending == "error":
        return (f'<path class="mark-error" d="M{cx - 5} {cy - 5}L{cx + 5} {cy + 5}'
                f'M{cx - 5} {cy + 5}L{cx + 5} {cy - 5}"/>')
    return f'<rect class="mark-cancel" x="{cx - 5}" y="{cy - 5}" width="10" height="10"/>'


def shorten(label: str, limit: int = 20) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def describe(lanes: list[Lane]) -> str:
    parts = []
    for lane in lanes:
        end = f"{lane.ending} at {lane.end:.2f} s" if lane.end is not None else "still pending"
        waits = sum(kind == "suspend" for _, kind in lane.events)
        parts.append(f"{lane.label}: created at {lane.start:.2f} s, waited {waits} "
                     f"time{'s' if waits != 1 else ''}, {end}")
    return "; ".join(parts) + "."


def table(lanes: list[Lane]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(lane.label)}</td><td>{lane.start:.2f}</td>"
        f"<td>{first_run(lane)}</td>"
        f"<td>{sum(kind == 'suspend' for _, kind in lane.events)}</td>"
        f"<td>{lane.ending}</td>"
        f"<td>{'' if lane.end is None else f'{lane.end:.2f}'}</td></tr>"
        for lane in lanes
    )
    return ("<table><thead><tr><th>Task</th><th>Created (s)</th><th>First ran (s)</th>"
            "<th>Waits</th><th>Ended</th><th>At (s)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def first_run(lane: Lane) -> str:
    return next((f"{t:.2f}" for t, kind in lane.events if kind == "resume"), "never")


def figure(lanes: list[Lane], title: str) -> str:
    """The SVG with a caption, and the same facts as a table for screen readers."""
    return (
        f'<figure class="task-timeline-figure">{svg(lanes, title)}'
        f"<figcaption>{html.escape(title)}: bars show when each task was running, lines "
        "when it was alive but waiting; ○ created, ● done, ✕ failed, ■ cancelled."
        f"<details><summary>The timeline as a table</summary>{table(lanes)}</details>"
        "</figcaption></figure>"
    )

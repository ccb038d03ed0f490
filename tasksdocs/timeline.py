"""Task timelines and replays: a traced run (see `recorder.py`) drawn as an inline SVG, and
stepped through one event-loop step at a time.

Figures that are compared on a page share one clock: the plugin draws every figure of a
group with the group's longest span, so a 3 s run is visibly shorter than a 4 s run.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

DEFAULT_NAME = re.compile(r"Task-\d+|None")  # None: 3.13.0 names factory-made tasks so
ENDINGS = ("done", "error", "cancel")


@dataclass
class Lane:
    """One task's life: `events` are (seconds, kind) with kind in create, resume, suspend,
    done, error, cancel; `prints` are the lines it printed, with their moments."""

    label: str
    events: list[tuple[float, str]] = field(default_factory=list)
    prints: list[tuple[float, str]] = field(default_factory=list)

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

    def running(self) -> list[tuple[float, float]]:
        """The spans in which the task was running: (from, to) in seconds."""
        spans, since = [], None
        for seconds, kind in self.events:
            if kind == "resume":
                since = seconds
            elif since is not None and kind in ("suspend", *ENDINGS):
                spans.append((since, seconds))
                since = None
        return spans


def label_of(lane: dict[str, Any]) -> str:
    return str(lane["call"] if DEFAULT_NAME.fullmatch(lane["name"]) else lane["name"])


def lanes_from(recording: dict[str, Any]) -> list[Lane]:
    """The lanes of a recording: each task by its name, or by its call if it has none."""
    lanes = [Lane(label_of(lane), [(event[0], event[1]) for event in lane["events"]])
             for lane in recording.get("lanes", [])]
    for at, index, text in recording.get("prints", []):
        if 0 <= index < len(lanes):
            lanes[index].prints.append((at, text))
    return [lane for lane in lanes if lane.events]


def span_of(lanes: list[Lane]) -> float:
    return max([t for lane in lanes for t, _ in lane.events] + [0.001])


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


def svg(lanes: list[Lane], title: str, axis: Axis | None = None, more_tasks: int = 0) -> str:
    """An inline SVG, themed by CSS classes (see docs/stylesheets/timeline.css)."""
    axis = axis or Axis(span_of(lanes), label_chars_of(lanes, more_tasks))
    span = axis_span(axis.span)
    scale = PLOT_WIDTH / span
    kept, summary = shown_lanes(lanes, more_tasks)
    drawn = kept + ([summary] if summary else [])
    label_chars = axis.label_chars
    label_width = label_chars * CHAR_WIDTH + 16

    def x(seconds: float) -> float:
        return round(label_width + seconds * scale, 1)

    axis_y = LANE_HEIGHT * len(drawn) + 6
    height = axis_y + AXIS_HEIGHT + (PRINT_ROW if any(lane.prints for lane in kept) else 0)
    width = label_width + PLOT_WIDTH + 20
    ident = slug(title)
    parts = [
        f'<svg class="task-timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe(drawn, span))}</desc>',
    ]
    print_chars = int((width - 8) / CHAR_WIDTH)
    for index, lane in enumerate(drawn):
        y = index * LANE_HEIGHT + LANE_HEIGHT / 2
        kind = "summary" if lane is summary else lane.ending
        parts.append(f'<g class="lane lane-{kind}">')
        shown = lane.label if len(lane.label) <= label_chars else lane.label[:label_chars - 1] + "…"
        parts.append(f'<text class="label" x="{label_width - 8}" y="{y + 4}" text-anchor="end">'
                     f"<title>{html.escape(lane.label)}</title>{html.escape(shown)}</text>")
        end = lane.end if lane.end is not None else span
        parts.append(f'<line class="alive" x1="{x(lane.start)}" y1="{y}" x2="{x(end)}" '
                     f'y2="{y}"/>')
        if lane is summary:
            parts.append(f'<rect class="summary" x="{x(lane.start)}" y="{y - 5}" '
                         f'width="{max(x(end) - x(lane.start), BRIEF)}" height="10"/>')
            parts.append("</g>")
            continue
        for since, until in lane.running():
            bar = x(until) - x(since)
            if bar < BRIEF:
                parts.append(f'<line class="brief" x1="{x(since)}" y1="{y - 8}" '
                             f'x2="{x(since)}" y2="{y + 8}"/>')
            else:
                parts.append(f'<rect class="running" x="{x(since)}" y="{y - 7}" '
                             f'width="{round(bar, 1)}" height="14"/>')
        parts.append(f'<circle class="mark-create" cx="{x(lane.start)}" cy="{y}" r="4"/>')
        if lane.end is not None:
            parts.append(end_mark(lane.ending, x(lane.end), y))
        for at, text in moments(lane.prints, MARK_WIDTH / scale):
            said = f"{lane.label} printed at {number(at, span)} {unit(span)}: {text}"
            visible = text if len(text) <= print_chars else text[:print_chars - 1] + "…"
            parts.append(
                f'<g class="print" tabindex="0" role="img" aria-label="{html.escape(said)}">'
                f'<path d="M{x(at)} {y - 15}l4 5-4 5-4-5z"/>'
                f'<text class="print-text" x="4" y="{height - 7}">{html.escape(visible)}'
                "</text></g>")
        parts.append("</g>")
    parts.append(f'<g class="axis"><line x1="{label_width}" y1="{axis_y}" '
                 f'x2="{x(span)}" y2="{axis_y}"/>')
    for tick in ticks(span):
        parts.append(f'<line x1="{x(tick)}" y1="{axis_y}" x2="{x(tick)}" y2="{axis_y + 4}"/>'
                     f'<text x="{x(tick)}" y="{axis_y + 17}" text-anchor="middle">'
                     f"{tick_label(tick, span)}</text>")
    named = "milliseconds" if span < MILLISECONDS_BELOW else "seconds"
    parts.append(f'<text x="{x(span)}" y="{axis_y + 32}" text-anchor="end">{named}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


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


# -- replay --------------------------------------------------------------------------------

MAX_STEPS = 80


def ended_as(kind: str, detail: str | None, present: bool = False) -> str:
    """How a task ended, as the replay says it: "returned 3", "raised ValueError: boom",
    "cancelled"; in the present tense for a step's sentence ("returns 3")."""
    verb = {"done": ("returned", "returns"), "error": ("raised", "raises"),
            "cancel": ("cancelled", "is cancelled")}.get(kind, (kind, kind))[present]
    if kind == "error" and not detail:
        return f"{verb} an exception"
    return f"{verb} {detail}" if detail and kind != "cancel" else verb


def timer_text(timer: list[Any], labels: list[str]) -> str:
    """One pending timer: "1.00 s: process_item(2, 1) wakes up"."""
    due, lane, what = timer
    whose = labels[lane] if 0 <= lane < len(labels) else "a task"
    said = {"wakes": f"{whose} wakes up",
            "timeout": f"{whose}'s timeout expires"}.get(what, f"{what}() is called")
    return f"{due:.2f} s: {said}"


def replay_steps(recording: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """One entry per step of the event loop (a task running until it waits or ends), as the
    step leaves things: which task ran and from which line (`from_line`, 0 for its first
    step), which wait and where, which are ready (in the order the loop will run them),
    the loop's timers with their due times, which tasks are done and how, how many lines
    have been printed, and one sentence that says what the step did (`said`)."""
    labels = [label_of(lane) for lane in recording.get("lanes", [])]
    eager = {i for i, lane in enumerate(recording.get("lanes", [])) if lane.get("eager")}
    code = source.splitlines()
    state: dict[int, tuple[str, int]] = {}  # lane -> (ready|running|eager|waiting|done, line)
    inside: list[str] = []  # eager first steps run inside the step that created them
    ended: dict[int, str] = {}  # lane -> how it ended, as the replay says it
    queue: list[int] = []  # the ready tasks, first to run first
    timers: list[str] = []
    steps: list[dict[str, Any]] = []
    printed, running, made_ready = 0, -1, []

    def where(line: int) -> str:
        text = code[line - 1].split("#")[0].strip().rstrip(":") if 0 < line <= len(code) else ""
        return f"line {line}: {text}" if text else "outside the snippet"

    def snapshot(at: float, lane: int, from_line: int) -> dict[str, Any]:
        return {
            "at": at, "running": labels[lane], "from_line": from_line,
            "waiting": [[labels[i], line, where(line)] for i, (s, line) in state.items()
                        if s == "waiting" and i != lane],
            "ready": [labels[i] for i in queue],
            "timers": timers,
            "done": [f"{labels[i]} ({ended[i]})" for i, (s, _) in state.items()
                     if s == "done"],
            "printed": printed, "said": "",
        }

    for at, lane, kind, detail in recording.get("log", []):
        if kind == "print":
            printed += 1
            if steps:
                steps[-1]["printed"] = printed
            continue
        if kind == "timers":  # noted as a step ends: part of that step
            timers = [timer_text(t, labels) for t in detail] if isinstance(detail, list) \
                else [f"{detail} timers (too many to list)"]
            if steps:
                steps[-1] = {**snapshot(steps[-1]["at"], running, steps[-1]["from_line"]),
                             "said": steps[-1]["said"]}
            continue
        if lane < 0:
            continue
        step_open = state.get(running, ("", 0))[0] == "running"
        first_step = state.get(lane, ("", 0))[0] in ("", "ready") and lane in eager
        if kind == "create" and lane in eager and step_open:
            continue  # its first step follows at once, inside create_task
        if kind == "resume" and first_step and step_open:
            state[lane] = ("eager", 0)
            continue
        if state.get(lane, ("", 0))[0] == "eager" and kind != "ready":
            state[lane] = ("waiting", int(detail or 0)) if kind == "suspend" else ("done", 0)
            if kind != "suspend":
                ended[lane] = ended_as(kind, detail)
            how = f"waits at {where(int(detail or 0))}" if kind == "suspend" \
                else ended_as(kind, detail, True)
            inside.append(f"{labels[lane]} starts at once (eager, inside create_task) and {how}")
            steps[-1] = {**snapshot(steps[-1]["at"], running, steps[-1]["from_line"]),
                         "said": steps[-1]["said"]}
            continue
        if kind in ("create", "ready"):
            state[lane] = ("ready", state.get(lane, ("", 0))[1])
            queue += [lane] if lane not in queue else []
            if lane != running and step_open:
                made_ready.append(labels[lane])
        elif kind == "resume":
            from_line = state.get(lane, ("", 0))[1]
            state[lane], running, made_ready, inside = ("running", 0), lane, [], []
            queue = [i for i in queue if i != lane]
            steps.append(snapshot(at, lane, from_line))
        elif kind == "suspend":
            state[lane] = ("waiting", int(detail or 0))
        else:
            state[lane] = ("done", 0)
            ended[lane] = ended_as(kind, detail)
        if not steps or not step_open or kind == "resume":
            continue
        steps[-1] = {**snapshot(steps[-1]["at"], running, steps[-1]["from_line"]),
                     "said": steps[-1]["said"]}
        if lane == running and kind not in ("ready", "create"):  # the step ends
            steps[-1]["said"] = sentence(steps[-1], made_ready, kind,
                                         where(int(detail or 0)) if kind == "suspend"
                                         else ended_as(kind, detail, True), inside)
    return steps[:MAX_STEPS]


def sentence(step: dict[str, Any], made_ready: list[str], kind: str, how: str,
             inside: list[str]) -> str:
    """What one step did, in one sentence: "main() runs for the first time and waits at
    line 22: ...; process_item(1, 3) and process_item(2, 1) become ready", then what
    eager tasks created in the step did in their first steps (`inside`)."""
    began = f"from line {step['from_line']}" if step["from_line"] else "for the first time"
    ending = f"waits at {how}" if kind == "suspend" else how
    said = f"{step['running']} runs {began} and {ending}"
    if made_ready:
        names = (", ".join(made_ready[:-1]) + " and " if len(made_ready) > 1 else "") + \
            made_ready[-1]
        said += f"; {names} become{'s' if len(made_ready) == 1 else ''} ready"
    return "; ".join([said, *inside]) + "."


def script_json(value: Any) -> str:
    """JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&` (so
    no `</script>`, `<!--` or `<script>` can end or hide the element) and only ASCII (so
    no U+2028 or NUL), each written as a JSON escape that JSON.parse reads back."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def replay(recording: dict[str, Any], source: str, title: str) -> str:
    """A step-through of the run. Without JavaScript it is a table of the steps; with it
    (docs/javascripts/replay.js), a slider and Previous/Next buttons show one step at a
    time and mark the running and waiting lines in the Source tab."""
    steps = replay_steps(recording, source)
    if not steps:
        return ""
    lines = [text for _, _, text in recording.get("prints", [])]
    rows = "".join(
        f"<tr><td>{n}</td><td>{step['at']:.2f}</td><td>{html.escape(step['said'])}</td>"
        f"<td>{html.escape('; '.join(f'{t} at {w}' for t, _, w in step['waiting'])) or '-'}</td>"
        f"<td>{html.escape(', then '.join(step['ready'])) or '-'}</td>"
        f"<td>{html.escape('; '.join(step['timers'])) or '-'}</td>"
        f"<td>{html.escape(', '.join(step['done'])) or '-'}</td></tr>"
        for n, step in enumerate(steps, 1)
    )
    data = script_json({"steps": steps, "lines": lines})
    return (
        f'<div class="replay" data-title="{html.escape(title)}" data-search-exclude="">'
        f'<script type="application/json" class="replay-data">{data}</script>'
        f"<details class=\"replay-table\"><summary>{html.escape(title)}, step by step "
        f"({len(steps)} steps)</summary><table><thead><tr><th>Step</th><th>At (s)</th>"
        "<th>What happened</th><th>Waiting, and where</th><th>Ready, in order</th><th>Timers</th>"
        "<th>Done</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details></div>"
    )


def browser_figure(recording_path: str, title: str, source: str = "", name: str = "") -> str:
    """The timeline of a run in the reader's browser (docs/javascripts/run-worker.mjs),
    drawn by the same code as the build's ("" if fewer than two tasks overlapped), and the
    replay of that run, steps read against `source`, the code the reader ran."""
    with open(recording_path, encoding="utf-8") as file:
        recording = json.load(file)
    lanes = lanes_from(recording)
    drawn = figure(lanes, title, more_tasks=int(recording.get("more_tasks", 0))) \
        if lanes and concurrent(lanes) else ""
    steps = replay(recording, source, f"Replay of your run of {name}.py") \
        if source and len(lanes) > 1 else ""
    return drawn + steps

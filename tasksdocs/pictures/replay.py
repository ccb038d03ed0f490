"""The replay: a traced run (see `runner/recorder.py`) told one step of the event loop at a
time, as HTML with its steps as JSON for `docs/javascripts/replay.js`, and as a table.

A step is a task running until it waits or ends. Each step is shown as it leaves things:
which task ran and from which line, which tasks wait and where, which are ready (in the
order the loop will run them), the loop's timers with their due times, which tasks are
done and how, and one sentence that says what the step did. An eager task's first step
runs inside `create_task`, so it is told inside the step that created it.
"""

from __future__ import annotations

import html
import io
import json
import tokenize
from typing import Any

if __package__:
    from . import timeline
else:  # in the reader's browser the site's Python files sit side by side (run-worker.mjs)
    import timeline  # type: ignore[import-not-found, no-redef]

MAX_STEPS = 80
ENDING = {"done": ("returned", "returns"), "error": ("raised", "raises"),
          "cancel": ("cancelled", "is cancelled")}


def ended_as(kind: str, detail: str | None, present: bool = False) -> str:
    """How a task ended, as the replay says it: "returned 3", "raised ValueError: boom",
    "cancelled"; in the present tense for a step's sentence ("returns 3")."""
    verb = ENDING.get(kind, (kind, kind))[present]
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


def without_comments(source: str) -> list[str]:
    """Each line of `source` with its comment cut off; a `#` inside a string stays."""
    lines = source.splitlines()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                row, column = token.start
                lines[row - 1] = lines[row - 1][:column]
    except (tokenize.TokenError, SyntaxError):  # not Python after all: cut at any `#`
        return [line.split("#")[0] for line in source.splitlines()]
    return lines


class Steps:
    """Reads a recording's log, event by event, into steps (see the module docstring)."""

    def __init__(self, recording: dict[str, Any], source: str) -> None:
        lanes = recording.get("lanes", [])
        self.labels = [timeline.label_of(lane) for lane in lanes]
        self.eager = {i for i, lane in enumerate(lanes) if lane.get("eager")}
        self.code = without_comments(source)
        self.state: dict[int, tuple[str, int]] = {}  # lane -> (ready|running|..., line)
        self.ended: dict[int, str] = {}  # lane -> how it ended, as the replay says it
        self.queue: list[int] = []  # the ready tasks, first to run first
        self.timers: list[str] = []
        self.steps: list[dict[str, Any]] = []
        self.printed, self.running = 0, -1
        self.made_ready: list[str] = []  # in the current step
        self.inside: list[str] = []  # eager first steps run inside the current step

    def where(self, line: int) -> str:
        code = self.code
        text = code[line - 1].strip().rstrip(":") if 0 < line <= len(code) else ""
        return f"line {line} ({text})" if text else "outside the snippet"

    def of(self, lane: int) -> str:
        return self.state.get(lane, ("", 0))[0]

    def snapshot(self, at: float, from_line: int) -> dict[str, Any]:
        return {
            "at": at, "running": self.labels[self.running], "from_line": from_line,
            "waiting": [[self.labels[i], line, self.where(line)]
                        for i, (s, line) in self.state.items()
                        if s == "waiting" and i != self.running],
            "ready": [self.labels[i] for i in self.queue], "timers": self.timers,
            "done": [f"{self.labels[i]} ({self.ended[i]})"
                     for i, (s, _) in self.state.items() if s == "done"],
            "printed": self.printed, "said": "",
        }

    def retake(self) -> None:
        """The current step, taken again as things now stand (its sentence kept)."""
        last = self.steps[-1]
        self.steps[-1] = {**self.snapshot(last["at"], last["from_line"]), "said": last["said"]}

    def read(self, log: list[list[Any]]) -> list[dict[str, Any]]:
        for at, lane, kind, detail in log:
            if kind == "print":
                self.printed += 1
                if self.steps:
                    self.steps[-1]["printed"] = self.printed
            elif kind == "timers":  # noted as a step ends: part of that step
                self.timers = [timer_text(t, self.labels) for t in detail] \
                    if isinstance(detail, list) else [f"{detail} timers (too many to list)"]
                if self.steps:
                    self.retake()
            elif lane >= 0:
                self.event(at, lane, kind, detail)
        return self.steps[:MAX_STEPS]

    def event(self, at: float, lane: int, kind: str, detail: Any) -> None:
        step_open = self.of(self.running) == "running"
        if lane in self.eager and self.eager_step(lane, kind, detail, step_open):
            return
        if kind in ("create", "ready"):
            self.state[lane] = ("ready", self.state.get(lane, ("", 0))[1])
            self.queue += [lane] if lane not in self.queue else []
            if lane != self.running and step_open:
                self.made_ready.append(self.labels[lane])
        elif kind == "resume":
            self.resume(at, lane)
            return
        elif kind == "suspend":
            self.state[lane] = ("waiting", int(detail or 0))
        else:
            self.state[lane] = ("done", 0)
            self.ended[lane] = ended_as(kind, detail)
        if self.steps and step_open:
            self.retake()
            if lane == self.running and kind not in ("ready", "create"):  # the step ends
                self.steps[-1]["said"] = self.sentence(kind, detail)

    def resume(self, at: float, lane: int) -> None:
        from_line = self.state.get(lane, ("", 0))[1]
        self.state[lane], self.running = ("running", 0), lane
        self.made_ready, self.inside = [], []
        self.queue = [i for i in self.queue if i != lane]
        self.steps.append(self.snapshot(at, from_line))

    def eager_step(self, lane: int, kind: str, detail: Any, step_open: bool) -> bool:
        """An eager task's creation and first step, inside the running step; False for
        its later events."""
        if kind == "create" and self.of(lane) == "" and step_open:
            return True  # its first step follows at once
        if kind == "resume" and self.of(lane) in ("", "ready") and step_open:
            self.state[lane] = ("eager", 0)
            return True
        if self.of(lane) != "eager" or kind == "ready":
            return False
        if kind == "suspend":
            self.state[lane] = ("waiting", int(detail or 0))
            how = f"waits at {self.where(int(detail or 0))}"
        else:
            self.state[lane], self.ended[lane] = ("done", 0), ended_as(kind, detail)
            how = ended_as(kind, detail, True)
        self.inside.append(f"{self.labels[lane]} starts at once (eager, inside create_task) "
                           f"and {how}")
        self.retake()
        return True

    def sentence(self, kind: str, detail: Any) -> str:
        """What the step did: "main() runs for the first time and waits at line 22 (...);
        process_item(1, 3) and process_item(2, 1) become ready", then what eager tasks
        created in the step did in their first steps."""
        step, ready = self.steps[-1], self.made_ready
        began = f"from line {step['from_line']}" if step["from_line"] else "for the first time"
        ending = f"waits at {self.where(int(detail or 0))}" if kind == "suspend" \
            else ended_as(kind, detail, True)
        said = f"{step['running']} runs {began} and {ending}"
        if ready:
            names = (", ".join(ready[:-1]) + " and " if len(ready) > 1 else "") + ready[-1]
            said += f"; {names} become{'s' if len(ready) == 1 else ''} ready"
        return "; ".join([said, *self.inside]) + "."


def replay_steps(recording: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The steps of a run, read against `source`, the code that ran."""
    return Steps(recording, source).read(recording.get("log", []))


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
        "<th>What happened</th><th>Waiting, and where</th><th>Ready, in order</th>"
        "<th>Timers</th><th>Done</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details></div>"
    )


def browser_figure(recording_path: str, title: str, source: str = "", name: str = "") -> str:
    """The timeline of a run in the reader's browser (docs/javascripts/run-worker.mjs),
    drawn by the same code as the build's ("" if fewer than two tasks overlapped), and the
    replay of that run, steps read against `source`, the code the reader ran."""
    with open(recording_path, encoding="utf-8") as file:
        recording = json.load(file)
    lanes = timeline.lanes_from(recording)
    drawn = timeline.figure(lanes, title, more_tasks=int(recording.get("more_tasks", 0))) \
        if lanes and timeline.concurrent(lanes) else ""
    steps = replay(recording, source, f"Replay of your run of {name}.py") \
        if source and len(lanes) > 1 else ""
    return drawn + steps

"""The lanes of a recording: one per task, with what happened to it and when, and the
lines it printed. What `timeline.py` draws and `replay.py` names tasks by."""

from __future__ import annotations

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

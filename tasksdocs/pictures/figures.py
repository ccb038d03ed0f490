"""A page's timelines: each block leaves a mark where its figure goes, and once the whole
page has rendered every figure is drawn, each group of them on the clock of its longest run
(so that a 3 s run is visibly shorter than a 4 s run beside it)."""

from __future__ import annotations

from dataclasses import dataclass

from tasksdocs.pictures import timeline

MARK = "<!--tasksdocs-timeline:{}-->"


@dataclass(frozen=True)
class Figure:
    """A timeline waiting for the rest of its page."""

    lanes: list[timeline.Lane]
    title: str
    group: str
    more_tasks: int


def draw_all(content: str, figures: dict[str, Figure]) -> str:
    """`content` with the mark of each block id in `figures` replaced by its figure."""
    axes: dict[str, timeline.Axis] = {}
    for drawn in figures.values():
        known = axes.get(drawn.group, timeline.Axis(0.0, 0))
        axes[drawn.group] = timeline.Axis(
            max(known.span, timeline.span_of(drawn.lanes)),
            max(known.label_chars, timeline.label_chars_of(drawn.lanes, drawn.more_tasks)))
    for block_id, drawn in figures.items():
        content = content.replace(MARK.format(block_id), timeline.figure(
            drawn.lanes, drawn.title, axes[drawn.group], drawn.more_tasks))
    return content

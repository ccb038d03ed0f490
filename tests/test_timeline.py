"""The task-timeline recorder, on the virtual clock, and the SVG it draws."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from snippets import article_example, benefit_exceptions, operations_cancel
from tasksdocs import timeline

SVG = "{http://www.w3.org/2000/svg}"


async def record(main: Callable[[], Awaitable[Any]]) -> list[timeline.Lane]:
    """Run `main` as a task on this loop, recording every task it creates."""
    recorder = timeline.Recorder()
    loop = asyncio.get_running_loop()
    loop.set_task_factory(recorder.factory)
    try:
        await asyncio.create_task(main())  # type: ignore[arg-type]
    finally:
        loop.set_task_factory(None)
    return recorder.lanes


async def test_the_article_example_gives_exact_lanes(capsys: pytest.CaptureFixture[str]) -> None:
    lanes = await record(article_example.main)
    assert [(lane.label, lane.events) for lane in lanes] == [
        ("main()", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                    (3.0, "resume"), (3.0, "done")]),
        ("process_item(1, 3)", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                (3.0, "resume"), (3.0, "done")]),
        ("process_item(2, 1)", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                (1.0, "resume"), (1.0, "done")]),
    ]
    assert timeline.concurrent(lanes)
    assert "Total" not in capsys.readouterr().out  # main() only, as the recorder saw it


async def test_failures_and_cancellations_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    failed = await record(benefit_exceptions.main)
    assert [lane.ending for lane in failed] == ["done", "error"]
    cancelled = await record(operations_cancel.main)
    assert [lane.ending for lane in cancelled] == ["done", "cancel"]
    assert cancelled[1].end == 1.0
    capsys.readouterr()


async def test_named_tasks_keep_their_names() -> None:
    async def main() -> None:
        await asyncio.create_task(asyncio.sleep(1), name="napper")

    lanes = await record(main)
    assert [lane.label for lane in lanes] == ["main()", "napper"]


def test_one_task_at_a_time_is_not_concurrent() -> None:
    first = timeline.Lane("a", [(0.0, "create"), (1.0, "done")])
    second = timeline.Lane("b", [(1.0, "create"), (2.0, "done")])
    pending = timeline.Lane("c", [(1.5, "create")])
    assert not timeline.concurrent([first, second])
    assert timeline.concurrent([second, pending])


@pytest.fixture
def lanes() -> list[timeline.Lane]:
    return [
        timeline.Lane("main()", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                 (3.0, "resume"), (3.0, "done")]),
        timeline.Lane("charge('bob', 1)", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                          (1.0, "resume"), (1.0, "error")]),
        timeline.Lane("worker", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                 (1.0, "cancel")]),
        timeline.Lane("leftover", [(0.5, "create")]),
    ]


def test_the_svg_is_well_formed_with_a_lane_per_task_and_a_text_alternative(
    lanes: list[timeline.Lane],
) -> None:
    root = ET.fromstring(timeline.svg(lanes, "Task timeline of x.py"))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Task timeline of x.py"  # noqa: PT018
    assert desc is not None and desc.text is not None  # noqa: PT018
    assert "charge('bob', 1): created at 0.00 s, waited 1 time, error at 1.00 s" in desc.text
    assert "leftover: created at 0.50 s, waited 0 times, still pending" in desc.text
    lane_groups = [g for g in root.iter(f"{SVG}g") if "lane" in (g.get("class") or "")]
    assert len(lane_groups) == len(lanes)
    classes = [g.get("class") for g in lane_groups]
    assert classes == ["lane lane-done", "lane lane-error", "lane lane-cancel",
                       "lane lane-pending"]
    assert [t.text for t in root.iter(f"{SVG}text")][-1] == "seconds"


def test_the_figure_carries_the_same_facts_as_a_table(lanes: list[timeline.Lane]) -> None:
    figure = ET.fromstring(timeline.figure(lanes, "Task timeline of x.py"))
    rows = figure.findall(".//tbody/tr")
    assert [row[0].text for row in rows] == [lane.label for lane in lanes]
    assert [row[4].text for row in rows] == ["done", "error", "cancel", "pending"]


def test_axis_ticks_are_round_numbers() -> None:
    assert timeline.ticks(3.0) == [0, 0.5, 1, 1.5, 2, 2.5, 3]
    assert timeline.ticks(0.3) == [0, 0.1, 0.2, 0.3]

"""The task-timeline recorder, on the virtual clock, and the SVG it draws."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import AsyncGenerator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from snippets import (
    article_example,
    benefit_exceptions,
    dinner_concurrent,
    dinner_sequential,
    operations_cancel,
)
from tasksdocs.pictures import replay, timeline
from tasksdocs.runner import observe, recorder

SVG = "{http://www.w3.org/2000/svg}"


async def record(main: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    """Run `main` as a task on this loop, recording every task it creates."""
    observer = recorder.Recorder(inspect.getfile(main))
    uninstall = observe.install(observer)
    module = inspect.getmodule(main)
    codes = [f.__code__ for f in vars(module).values() if inspect.isfunction(f)] if module else []
    unwatch = observe.watch_coroutines(observer, main.__code__, *codes)
    try:
        await asyncio.create_task(main())  # type: ignore[arg-type]
    finally:
        unwatch()
        uninstall()
    return dict(json.loads(observer.to_json()))


async def test_the_article_example_gives_exact_lanes_and_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recording = await record(article_example.main)
    lanes = timeline.lanes_from(recording)
    assert [(lane.label, lane.events) for lane in lanes] == [
        ("main()", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                    (3.0, "resume"), (3.0, "done")]),
        ("process_item(1, 3)", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                (3.0, "resume"), (3.0, "done")]),
        ("process_item(2, 1)", [(0.0, "create"), (0.0, "resume"), (0.0, "suspend"),
                                (1.0, "resume"), (1.0, "done")]),
    ]
    assert timeline.concurrent(lanes)
    waits = [[e[2] for e in lane["events"] if e[1] == "suspend"] for lane in recording["lanes"]]
    source = inspect.getsource(article_example).splitlines()
    assert [source[line - 1].strip() for line in waits[0]] == ["result1 = await task1"]
    assert [source[line - 1].split("#")[0].strip() for line in waits[1]] == [
        "await asyncio.sleep(delay)"]
    assert [(at, lane, text[:25]) for at, lane, text in recording["prints"]] == [
        (0.0, 0, "Tasks are now running in "),
        (0.0, 1, "Starting to process item "),
        (0.0, 2, "Starting to process item "),
        (1.0, 2, "Finished processing item "),
        (3.0, 1, "Finished processing item "),
        (3.0, 0, "All done! Results: Result"),
    ]
    assert "Tasks are now running" in capsys.readouterr().out  # the tee passes it all on


async def test_failures_and_cancellations_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    failed = timeline.lanes_from(await record(benefit_exceptions.main))
    assert [lane.ending for lane in failed] == ["done", "error"]
    cancelled = timeline.lanes_from(await record(operations_cancel.main))
    assert [lane.ending for lane in cancelled] == ["done", "cancel"]
    assert cancelled[1].end == 1.0
    capsys.readouterr()


async def test_named_tasks_keep_their_names() -> None:
    async def main() -> None:
        await asyncio.create_task(asyncio.sleep(1), name="napper")

    lanes = timeline.lanes_from(await record(main))
    assert [lane.label for lane in lanes] == ["main()", "napper"]


class Loud:
    def __repr__(self) -> str:
        print("repr was called")
        return "Loud()"


async def test_recording_changes_nothing_a_program_can_observe() -> None:
    seen: dict[str, Any] = {}

    async def child(thing: Loud) -> None:
        await asyncio.sleep(1)

    async def main() -> None:
        coro = child(Loud())
        task = asyncio.create_task(coro)
        await asyncio.sleep(0)
        seen["factory"] = asyncio.get_running_loop().get_task_factory()
        seen["same coro"] = task.get_coro() is coro
        seen["stack"] = len(task.get_stack())
        seen["state"] = inspect.getcoroutinestate(coro)
        seen["repr"] = repr(task)
        await task

    recording = await record(main)
    assert seen["factory"] is None
    assert seen["same coro"]
    assert seen["stack"] == 1
    assert seen["state"] == inspect.CORO_SUSPENDED
    assert "running at" in seen["repr"] or "wait_for=" in seen["repr"]
    assert recording["lanes"][1]["call"] == "child(<Loud>)"  # no __repr__ of arguments
    assert "repr was called" not in [text for _, _, text in recording["prints"]]


async def test_tasks_beyond_the_lane_limit_are_counted_not_recorded() -> None:
    async def main() -> None:
        async with asyncio.TaskGroup() as group:
            for _ in range(recorder.MAX_LANES + 50):
                group.create_task(asyncio.sleep(1))

    recording = await record(main)
    assert len(recording["lanes"]) == recorder.MAX_LANES
    assert recording["more_tasks"] == 51  # main's lane is the first recorded


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager_task_factory is new in 3.12")
async def test_an_eager_task_is_recorded_from_its_creation() -> None:
    """Its lane starts when create_task ran its first step, and what it printed then is on
    its own lane. On 8450d6c it started at its next scheduled step (1.00 s for a task
    created at 0), and its first print was drawn on main's lane."""
    async def quick() -> None:
        print("quick ran")

    async def slow() -> None:
        print("slow started")
        await asyncio.sleep(1)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_task_factory(asyncio.eager_task_factory)
        try:
            await asyncio.sleep(0.5)
            await loop.create_task(quick())  # done inside create_task: never scheduled
            await loop.create_task(slow())
        finally:
            loop.set_task_factory(None)

    recording = await record(main)
    assert [(lane["call"], lane["eager"]) for lane in recording["lanes"]] == [
        ("main()", False), ("quick()", True), ("slow()", True)]
    lanes = timeline.lanes_from(recording)
    assert lanes[1].events == [(0.5, "create"), (0.5, "resume"), (0.5, "done")]
    assert lanes[2].events == [(0.5, "create"), (0.5, "resume"), (0.5, "suspend"),
                               (1.5, "resume"), (1.5, "done")]
    assert [(lane.label, lane.prints) for lane in lanes[1:]] == [
        ("quick()", [(0.5, "quick ran")]), ("slow()", [(0.5, "slow started")])]


async def quick() -> str:
    return "quick"


async def slow() -> None:
    await asyncio.sleep(1)


async def eager_main() -> None:
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    try:
        done = loop.create_task(quick())
        waiting = loop.create_task(slow())
        await asyncio.sleep(0.5)
        await done
        await waiting
    finally:
        loop.set_task_factory(None)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager_task_factory is new in 3.12")
async def test_an_eager_first_step_is_part_of_the_step_that_created_it() -> None:
    """The replay says so in the creator's step; the eager tasks are never "ready" and
    take no step of their own until the loop runs them. (On 09194a5, and before, each
    eager first step was a step of its own, cut into main's, and main's step said
    nothing.)"""
    recording = await record(eager_main)
    steps = replay.replay_steps(recording, inspect.getsource(sys.modules[__name__]))
    assert [step["running"] for step in steps] == [
        "eager_main()", "eager_main()", "slow()", "eager_main()"]
    line = inspect.getsourcelines(eager_main)[1] + 6
    sleeps = inspect.getsourcelines(slow)[1] + 1
    assert steps[0]["said"] == (
        f"eager_main() runs for the first time and waits at line {line} (await "
        "asyncio.sleep(0.5)); quick() starts at once (eager, inside create_task) and returns "
        f"'quick'; slow() starts at once (eager, inside create_task) and waits at line "
        f"{sleeps} (await asyncio.sleep(1)).")
    assert (steps[0]["ready"], steps[0]["done"]) == ([], ["quick() (returned 'quick')"])
    assert [name for name, _, _ in steps[0]["waiting"]] == ["slow()"]


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
    assert root.get("role") == "group"  # its print marks are focusable, each an img
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
    assert timeline.ticks(0.3) == [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]


@pytest.mark.parametrize("span", [0.0004, 0.003, 0.012, 0.09, 0.1, 0.15, 0.7, 4.0, 55.0])
def test_every_axis_has_at_least_three_labelled_ticks(span: float) -> None:
    """On 8450d6c a run of a few milliseconds had one label, "0"."""
    assert len(timeline.ticks(timeline.axis_span(span))) >= 3


def test_a_run_under_a_tenth_of_a_second_is_labelled_in_milliseconds() -> None:
    lanes = [timeline.Lane("main()", [(0.0, "create"), (0.0, "resume"), (0.004, "done")]),
             timeline.Lane("a()", [(0.001, "create"), (0.002, "resume"), (0.003, "done")])]
    root = ET.fromstring(timeline.svg(lanes, "short"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert "milliseconds" in labels
    assert {"0", "1", "2", "3", "4"} <= set(labels)


async def test_the_log_holds_every_event_and_print_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recording = await record(article_example.main)
    capsys.readouterr()
    assert [(at, lane, kind) for at, lane, kind, _ in recording["log"]] == [
        (0.0, 0, "create"), (0.0, 0, "resume"), (0.0, 1, "create"), (0.0, 2, "create"),
        (0.0, 0, "print"), (0.0, 0, "suspend"),
        (0.0, 1, "resume"), (0.0, 1, "print"), (0.0, 1, "suspend"), (0.0, -1, "timers"),
        (0.0, 2, "resume"), (0.0, 2, "print"), (0.0, 2, "suspend"), (0.0, -1, "timers"),
        (1.0, 2, "ready"), (1.0, 2, "resume"), (1.0, 2, "print"), (1.0, 2, "done"),
        (1.0, -1, "timers"),
        (3.0, 1, "ready"), (3.0, 1, "resume"), (3.0, 1, "print"), (3.0, 0, "ready"),
        (3.0, 1, "done"), (3.0, -1, "timers"),
        (3.0, 0, "resume"), (3.0, 0, "print"), (3.0, 0, "done"),
    ]
    timers = [detail for _, _, kind, detail in recording["log"] if kind == "timers"]
    assert timers == [[[3.0, 1, "wakes"]], [[1.0, 2, "wakes"], [3.0, 1, "wakes"]],
                      [[3.0, 1, "wakes"]], []]


async def test_the_article_example_figure_has_exact_lanes_marks_and_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recording = await record(article_example.main)
    capsys.readouterr()
    root = ET.fromstring(timeline.svg(timeline.lanes_from(recording), "Task timeline"))
    lanes = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("lane ")]
    assert [lane.findtext(f"{SVG}text/{SVG}title") for lane in lanes] == [
        "main()", "process_item(1, 3)", "process_item(2, 1)"]

    def marks(lane: ET.Element, kind: str) -> int:
        return sum(1 for e in lane.iter() if e.get("class") == kind)

    # every step takes microseconds on the virtual clock: ticks, not bars
    assert [marks(lane, "brief") for lane in lanes] == [2, 2, 2]
    assert [marks(lane, "running") for lane in lanes] == [0, 0, 0]
    assert [marks(lane, "mark-create") for lane in lanes] == [1, 1, 1]
    assert [marks(lane, "mark-done") for lane in lanes] == [1, 1, 1]
    assert [[g.get("aria-label") for g in lane.iter(f"{SVG}g") if g.get("class") == "print"]
            for lane in lanes] == [
        ["main() printed at 0.00 s: Tasks are now running in the background!",
         "main() printed at 3.00 s: All done! Results: Result for item 1, Result for item 2"],
        ["process_item(1, 3) printed at 0.00 s: Starting to process item 1",
         "process_item(1, 3) printed at 3.00 s: Finished processing item 1 after 3 seconds"],
        ["process_item(2, 1) printed at 0.00 s: Starting to process item 2",
         "process_item(2, 1) printed at 1.00 s: Finished processing item 2 after 1 seconds"],
    ]


def test_a_long_running_span_is_a_bar_of_its_true_width() -> None:
    lane = timeline.Lane("work()", [(0.0, "create"), (0.0, "resume"), (1.0, "suspend"),
                                    (2.0, "resume"), (2.0, "done")])
    root = ET.fromstring(timeline.svg([lane], "t", timeline.Axis(2.0, 6)))
    (bar,) = [e for e in root.iter(f"{SVG}rect") if e.get("class") == "running"]
    assert float(bar.get("width", "0")) == timeline.PLOT_WIDTH / 2  # 1 s of a 2 s axis
    assert sum(e.get("class") == "brief" for e in root.iter()) == 1


def test_more_lanes_than_the_limit_share_one_summary_lane() -> None:
    lanes = [timeline.Lane(f"fetch({n})", [(0.0, "create"), (0.0, "resume"),
                                           (0.0, "suspend"), (1.0, "resume"), (1.0, "done")])
             for n in range(100)]
    root = ET.fromstring(timeline.svg(lanes, "t", more_tasks=5))
    drawn = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("lane ")]
    assert len(drawn) == timeline.MAX_LANES_SHOWN
    assert drawn[-1].get("class") == "lane lane-summary"
    assert drawn[-1].findtext(f"{SVG}text/{SVG}title") == "+ 94 more tasks: fetch()"


def test_a_long_label_is_abbreviated_with_the_full_name_kept() -> None:
    label = "prepare_everything_for_the_dinner_party(1, 2, 3)"
    lane = timeline.Lane(label, [(0.0, "create"), (1.0, "done")])
    text = ET.fromstring(timeline.svg([lane], "t")).find(f".//{SVG}text[@class='label']")
    assert text is not None
    assert text.findtext(f"{SVG}title") == label
    shown = "".join(text.itertext()).removeprefix(label)
    assert len(shown) == timeline.MAX_LABEL_CHARS
    assert shown.endswith("…")


async def test_a_replay_step_names_the_running_waiting_ready_and_done_tasks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recording = await record(article_example.main)
    capsys.readouterr()
    steps = replay.replay_steps(recording, inspect.getsource(article_example))
    assert [step["running"] for step in steps] == [
        "main()", "process_item(1, 3)", "process_item(2, 1)", "process_item(2, 1)",
        "process_item(1, 3)", "main()"]
    # step 1 as main leaves it: both tasks created and ready, neither has run (on 8450d6c
    # the snapshot was taken as main began, so Ready said none)
    assert steps[0]["ready"] == ["process_item(1, 3)", "process_item(2, 1)"]
    second = steps[1]
    assert second["waiting"] == [["main()", 22, "line 22 (result1 = await task1)"]]
    assert second["ready"] == ["process_item(2, 1)"]
    assert (second["done"], second["printed"]) == ([], 2)
    assert steps[-1]["done"] == [
        "main() (returned ('Result for item 1', 'Result for item 2'))",
        "process_item(1, 3) (returned 'Result for item 1')",
        "process_item(2, 1) (returned 'Result for item 2')"]
    assert steps[-1]["said"] == ("main() runs from line 22 and returns ('Result for item 1', "
                                 "'Result for item 2').")
    # the loop's timers, in the order they fire, each with its due time
    assert [step["timers"] for step in steps] == [
        [], ["3.00 s: process_item(1, 3) wakes up"],
        ["1.00 s: process_item(2, 1) wakes up", "3.00 s: process_item(1, 3) wakes up"],
        ["3.00 s: process_item(1, 3) wakes up"], [], []]


async def wait_for_event(event: asyncio.Event, name: str) -> str:
    await event.wait()
    return name


async def wakes_b_then_a() -> None:
    first, second = asyncio.Event(), asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(wait_for_event(first, "a"))
        group.create_task(wait_for_event(second, "b"))
        await asyncio.sleep(0)
        second.set()
        first.set()


async def test_ready_tasks_are_listed_in_the_order_the_loop_runs_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The second task is woken first, so it runs first: the replay lists it first (on
    09194a5, Ready listed tasks in the order they were created)."""
    recording = await record(wakes_b_then_a)
    steps = replay.replay_steps(recording, inspect.getsource(sys.modules[__name__]))
    woke = next(step for step in steps if "become ready" in step["said"])
    assert woke["ready"] == ["wait_for_event(<Event>, 'b')", "wait_for_event(<Event>, 'a')"]
    assert [step["running"] for step in steps[-3:-1]] == woke["ready"]


async def fails() -> None:
    await asyncio.sleep(0.5)
    raise ValueError("boom")


async def sleeps_long() -> None:
    await asyncio.sleep(10)


async def one_fails_one_is_cancelled() -> None:
    async with asyncio.timeout(5):
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(fails())
                group.create_task(sleeps_long())
        except* ValueError:
            pass


async def test_a_replay_says_how_each_task_ended_and_names_every_timer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recording = await record(one_fails_one_is_cancelled)
    steps = replay.replay_steps(recording, inspect.getsource(sys.modules[__name__]))
    assert steps[-1]["done"] == ["one_fails_one_is_cancelled() (returned None)",
                                 "fails() (raised ValueError: boom)",
                                 "sleeps_long() (cancelled)"]
    waited_at = inspect.getsourcelines(fails)[1] + 1
    assert f"fails() runs from line {waited_at} and raises ValueError: boom." in [
        step["said"] for step in steps]
    both = max((step["timers"] for step in steps), key=len)
    assert both == ["0.50 s: fails() wakes up", "5.00 s: one_fails_one_is_cancelled()'s "
                    "timeout expires", "10.00 s: sleeps_long() wakes up"]


async def test_the_dinner_replays_take_three_steps_and_six(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Dinner page: the sequential kitchen's steps are all main's; the concurrent one has
    main's two, and two for each dish."""
    sequential = await record(dinner_sequential.main)
    concurrent = await record(dinner_concurrent.main)
    capsys.readouterr()
    steps = replay.replay_steps(sequential, inspect.getsource(dinner_sequential))
    assert [step["running"] for step in steps] == ["main()"] * 3
    steps = replay.replay_steps(concurrent, inspect.getsource(dinner_concurrent))
    assert sorted(step["running"] for step in steps) == sorted(
        ["main()"] * 2 + ["prepare('roast', 3)"] * 2 + ["prepare('salad', 1)"] * 2)


HOSTILE = ["<!--<script>", "</script>", "]]>", "\"'", "\u2028\u2029", "\x00", "&amp;", "é"]


def test_replay_data_is_safe_inside_its_script_element() -> None:
    """A program may print anything: on 8450d6c a line `<!--<script>` made the browser's
    parser swallow the rest of the page, because only `</` was escaped."""
    data = replay.script_json({"lines": HOSTILE})
    assert json.loads(data) == {"lines": HOSTILE}
    assert not set(data) & {"<", ">", "&", "\u2028", "\u2029", "\x00"}
    assert data.isascii()


@pytest.mark.engine  # it imports MkDocs, and starts a process (Pyodide can do neither)
def test_the_browsers_copies_import_each_other_side_by_side(tmp_path: Path) -> None:
    """The reader's browser gets the runner's and the pictures' files in one flat folder
    (`runner/` on the site) and imports them by their own names: a module that only
    imports as part of the package would break every Run button. (A cleanup of unused
    imports once did exactly that.)"""
    from tasksdocs.mkdocs import browser

    flat = tmp_path / "runner"
    flat.mkdir()
    for path in browser.BROWSER_PYTHON:
        if path.suffix == ".py":
            (flat / path.name).write_bytes(path.read_bytes())
    recording = tmp_path / "recording.json"
    recording.write_text(json.dumps({"lanes": [
        {"call": "main()", "name": "Task-1", "events": [[0.0, "create"], [0.0, "resume"],
                                                       [0.0, "suspend", 2], [1.0, "resume"],
                                                       [1.0, "done"]]},
        {"call": "a()", "name": "Task-2", "events": [[0.0, "create"], [0.5, "done"]]}],
        "prints": [], "log": [[0.0, 0, "create", None], [0.0, 0, "resume", None],
                              [0.0, 1, "create", None], [0.0, 0, "suspend", 2]]}))
    program = ("import sys, replay, observe, traced\n"
               "print(replay.browser_figure(sys.argv[1], 't', 'x = 1\\ny = 2\\n', 'x')[:4])")
    done = subprocess.run([sys.executable, "-c", program, str(recording)], cwd=flat,
                          capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(flat)})
    assert (done.returncode, done.stdout, done.stderr) == (0, "<fig\n", "")


async def closes_a_generator_in_a_task() -> None:
    """What asyncio.run's shutdown_asyncgens() does: an async generator's aclose() runs as
    a task, whose 'coroutine' is not a coroutine (agen_close_bug.py's last line)."""

    async def numbers() -> AsyncGenerator[int]:
        yield 1

    stream = numbers()
    await anext(stream)
    await asyncio.create_task(stream.aclose())


async def test_a_task_that_runs_an_async_generators_aclose_is_recorded() -> None:
    """It broke the traced run of agen_close_bug.py (no __qualname__), and so its page."""
    recording = await record(closes_a_generator_in_a_task)
    assert [lane["call"] for lane in recording["lanes"]] == [
        "closes_a_generator_in_a_task()", "async_generator_athrow()"]


async def test_an_awaited_coroutine_has_no_lane_of_its_own_and_a_task_has() -> None:
    """What await does: greet('coroutine') runs inside main's step; only greet('task')
    is a task the loop schedules."""
    from snippets import await_inline

    with contextlib.redirect_stdout(io.StringIO()):
        recording = await record(await_inline.main)
    assert [lane["call"] for lane in recording["lanes"]] == ["main()", "greet('task')"]


def test_a_replay_line_keeps_a_hash_inside_a_string_and_drops_a_comment() -> None:
    """The replay names the line a task waits on without its comment; a `#` in a string
    is code (it was cut there until this test)."""
    source = ('async def main():\n'
              '    await say("#1 in line")  # the first\n'
              '    await asyncio.sleep(1)  # done\n')
    steps = replay.Steps({}, source)
    assert [steps.where(line) for line in (2, 3, 4)] == [
        'line 2 (await say("#1 in line"))', "line 3 (await asyncio.sleep(1))",
        "outside the snippet"]
    assert replay.Steps({}, "not python: 'x # y\n").where(1) == "line 1 (not python: 'x)"

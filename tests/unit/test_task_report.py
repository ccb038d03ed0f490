import asyncio
import re
from pathlib import Path

import pytest

from snippets import task_report
from tests.helpers import RealRun, assert_real_run, texts

SOURCE = Path(task_report.__file__).read_text(encoding="utf-8").splitlines()
GREETER_WAITS = SOURCE.index("    await arrived.wait()") + 1
ROAST_WAITS = SOURCE.index("    await asyncio.sleep(minutes)") + 1
EXPECTED = [
    (1.0, f"greeter: waiting in greet_guests() line {GREETER_WAITS}; awaited by Task-?"),
    (1.0, f"roast: waiting in roast() line {ROAST_WAITS}; awaited by Task-?"),
    (1.0, "Guests greeted"),
    (2.0, "Dinner served"),
]


def shown(text: str) -> str:
    return re.sub(r"Task-\d+", "Task-?", text)


async def test_the_report_names_each_waiting_line_and_the_awaiting_task(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await task_report.main()
    assert [(at, shown(text)) for at, text in prints] == EXPECTED
    assert looptime == 2.0


async def test_a_task_outside_the_snippets_code_is_reported_as_library_code(
    prints: list[tuple[float, str]],
) -> None:
    timer = asyncio.create_task(asyncio.sleep(1), name="timer")
    task_report.report_tasks()
    timer.cancel()
    assert prints == [(0.0, "timer: waiting in library code; awaited by nobody")]


def test_a_future_that_awaits_is_named_by_its_repr() -> None:
    loop = asyncio.new_event_loop()
    try:
        future = loop.create_future()
        assert task_report.name_of(future) == repr(future)
    finally:
        loop.close()


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["task_report"]
    assert_real_run(RealRun(run.returncode, shown(run.stdout), run.stderr), texts(EXPECTED))

import asyncio
import re
from pathlib import Path

import pytest

from snippets import call_graph
from tests.helpers import RealRun, assert_real_run

HEADER = "Dinner is not ready after 1 s. Who is waiting for what:"
# the graph names each task and, innermost first, the calls it is suspended in
GRAPH = [
    r"\* Task\(name='chop carrots', id=0x[0-9a-f]+\)",
    r"  \+ Call stack:",
    r"  \|   File '.*asyncio/locks\.py', line \d+, in async Event\.wait\(\)",
    r"  \|   File '.*call_graph\.py', line 12, in async chop\(\)",
    r"  \+ Awaited by:",
    r"    \* Task\(name='dinner', id=0x[0-9a-f]+\)",
    r"      \+ Call stack:",
    r"      \|   File '.*asyncio/taskgroups\.py', line \d+, in async TaskGroup\._aexit\(\)",
    r"      \|   File '.*asyncio/taskgroups\.py', line \d+, in async TaskGroup\.__aexit__\(\)",
    r"      \|   File '.*call_graph\.py', line 17, in async prepare_dinner\(\)",
    r"      \+ Awaited by:",
]


def assert_graph(text: str) -> None:
    lines = text.splitlines()
    for pattern, line in zip(GRAPH, lines, strict=False):
        assert re.fullmatch(pattern, line), (pattern, line)
    assert len(lines) > len(GRAPH)


async def test_the_graph_shows_the_stuck_task_and_who_awaits_it(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await call_graph.main()
    times, texts = zip(*prints, strict=True)
    assert times == (1.0, 1.0, 1.0)
    assert texts[0] == HEADER
    assert_graph(texts[1])
    assert texts[2] == "Cancelled the stuck dinner: True"
    assert looptime == 1.0


async def test_print_call_graph_prints_the_current_tasks_own_graph(
    prints: list[tuple[float, str]],
) -> None:
    asyncio.current_task().set_name("me")  # type: ignore[union-attr]
    asyncio.print_call_graph()
    ((_, text),) = prints
    assert re.match(r"\* Task\(name='me', id=0x[0-9a-f]+\)\n  \+ Call stack:\n", text), text
    assert "in async test_print_call_graph_prints_the_current_tasks_own_graph()" in text


async def test_chopping_finishes_once_the_board_is_free(
    prints: list[tuple[float, str]],
) -> None:
    board_free = asyncio.Event()
    board_free.set()
    await call_graph.chop("leeks", board_free)
    assert prints == [(0.0, "Chopped the leeks")]


def test_line_numbers_in_the_pattern_are_the_snippets_own() -> None:
    source = Path(call_graph.__file__).read_text(encoding="utf-8").splitlines()
    assert "await board_free.wait()" in source[12 - 1]
    assert "async with asyncio.TaskGroup() as tg:" in source[17 - 1]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["call_graph"]
    lines = run.lines
    assert lines[0] == HEADER
    assert_graph("\n".join(lines[1:-1]))
    assert_real_run(run, [*lines[:-1], "Cancelled the stuck dinner: True"])
    assert "line 28, in async main()" in lines[-2]

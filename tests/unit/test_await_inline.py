import pytest

from snippets import await_inline
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "main: awaits a coroutine"),
    (0.0, "greet('coroutine') runs"),
    (0.0, "main: got 'hello, coroutine', with no pause at all"),
    (0.0, "main: created a task; it has not run yet"),
    (0.0, "greet('task') runs"),
    (0.0, "main: the task is done: True"),
    (0.0, "main: got 'hello, task'"),
]


async def test_a_coroutine_runs_inline_and_a_task_when_main_yields(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await await_inline.main()
    assert prints == EXPECTED
    assert looptime == 0.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["await_inline"], texts(EXPECTED))

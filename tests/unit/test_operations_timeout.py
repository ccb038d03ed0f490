import pytest

from snippets import operations_timeout
from tests.helpers import RealRun

EXPECTED = [
    (2.0, "report: cancelled by the timeout"),
    (2.0, "Task took too long!"),
    (2.0, "the task was cancelled: True"),
    (2.0, "asyncio.TimeoutError is TimeoutError: True"),
]


async def test_wait_for_cancels_the_task_then_raises_timeout_error(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await operations_timeout.main()
    assert prints == EXPECTED
    assert looptime == 2.0


async def test_an_unhurried_report_completes(looptime: float) -> None:
    assert await operations_timeout.slow_report() == "report"
    assert looptime == 10.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["operations_timeout"]
    assert (run.returncode, run.lines, run.stderr) == (0, [t for _, t in EXPECTED], "")

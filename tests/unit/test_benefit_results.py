import pytest

from snippets import benefit_results
from tests.helpers import RealRun

EXPECTED = [
    (0.0, "result() before the task is done raises InvalidStateError"),
    (1.0, "await gave 4.25"),
    (1.0, "result() now gives 4.25"),
    (1.0, "awaiting again gives 4.25 at once, without re-running"),
]


async def test_a_done_task_keeps_its_result(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await benefit_results.main() == 4.25
    assert prints == EXPECTED
    assert looptime == 1.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["benefit_results"]
    assert (run.returncode, run.lines, run.stderr) == (0, [t for _, t in EXPECTED], "")

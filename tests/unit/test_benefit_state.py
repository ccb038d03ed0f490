import pytest

from snippets import benefit_state
from tests.helpers import RealRun

EXPECTED = [
    (0.0, "just created: done=False"),
    (1.0, "after await:  done=True cancelled=False"),
    (1.0, "cancel() asked: done=False cancelled=False"),
    (1.0, "a turn later:  done=True cancelled=True"),
    (1.0, "has running()? False"),
]


async def test_cancelled_becomes_true_only_once_the_task_has_ended(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await benefit_state.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_nap_returns_after_its_delay(looptime: float) -> None:
    assert await benefit_state.nap(2) == "rested"
    assert looptime == 2.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["benefit_state"]
    assert (run.returncode, run.lines, run.stderr) == (0, [t for _, t in EXPECTED], "")

import pytest

from snippets import gather_cancel
from tests.helpers import RealRun, assert_real_run, cancel_main_while_its_task_cleans_up, texts

EXPECTED = [
    (1.0, "wash: cancelled"),
    (1.0, "chop: cancelled"),
    (1.0, "main: awaiting gather raised CancelledError"),
    (1.0, "main: gather's cancelled() says False"),
]


async def test_cancelling_gather_cancels_every_unfinished_child(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await gather_cancel.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_a_step_left_alone_returns_its_name() -> None:
    assert await gather_cancel.step("rinse", 1) == "rinse"


async def test_main_lets_its_own_cancellation_through(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    main = await cancel_main_while_its_task_cleans_up(gather_cancel, "step", monkeypatch)
    assert main.cancelled()
    assert prints == []


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["gather_cancel"], texts(EXPECTED))


import pytest

from snippets import cancel_cleanup
from tests.helpers import RealRun, assert_real_run, cancel_main_while_its_task_cleans_up, texts

EXPECTED = [
    (0.0, "report.pdf: opening connection"),
    (1.0, "right after cancel(): cancelled=False"),
    (1.0, "report.pdf: closing connection"),
    (1.0, "main: CancelledError('the user pressed Stop')"),
    (1.0, "after it stopped: cancelled=True"),
]


async def test_finally_runs_and_the_message_reaches_the_awaiter(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await cancel_cleanup.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_finally_runs_on_success_too(prints: list[tuple[float, str]]) -> None:
    assert await cancel_cleanup.download("a.txt") == "a.txt downloaded"
    assert prints == [(0.0, "a.txt: opening connection"), (10.0, "a.txt: closing connection")]


async def test_main_lets_its_own_cancellation_through(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """main catches the CancelledError of the task it awaits, but not its own: cancelled
    while the task still cleans up, main ends cancelled and prints nothing more."""
    main = await cancel_main_while_its_task_cleans_up(cancel_cleanup, "download", monkeypatch)
    assert main.cancelled()
    assert texts(prints) == ["right after cancel(): cancelled=False"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["cancel_cleanup"], texts(EXPECTED))

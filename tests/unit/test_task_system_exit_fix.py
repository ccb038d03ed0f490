import pytest

from snippets import task_system_exit_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "save_draft: cleaning up"),
    (1.0, "main: quit requested; the group has ended every task"),
]


async def test_an_ordinary_exception_stops_the_group_and_main_decides(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await task_system_exit_fix.main() == "quit"
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_without_the_quit_command_the_draft_is_saved(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_quit() -> None:
        return None

    monkeypatch.setattr(task_system_exit_fix, "quit_command", no_quit)
    assert await task_system_exit_fix.main() == "finished"
    assert prints == [(5.0, "save_draft: cleaning up")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["task_system_exit_fix"], [
        *texts(EXPECTED), "asyncio.run returned 'quit'"])

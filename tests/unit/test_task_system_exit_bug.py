import asyncio

import looptime
import pytest

from snippets import task_system_exit_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "save_draft: cleaning up"),
    (1.0, "main: caught SystemExit(0), not in an ExceptionGroup"),
    (1.0, "main: returns normally"),
]


def test_system_exit_in_a_task_escapes_the_loop_though_main_catches_it(
    prints: list[tuple[float, str]],
) -> None:
    """In a loop of its own (on the virtual clock): SystemExit leaves run() at once, then
    the loop's shutdown cancels what is left, and main's handler runs during that."""
    with pytest.raises(SystemExit), asyncio.Runner(loop_factory=looptime.new_event_loop) as run:
        run.run(task_system_exit_bug.main())
    assert prints == EXPECTED


async def test_without_the_quit_command_the_draft_is_saved(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_quit() -> None:
        return None

    monkeypatch.setattr(task_system_exit_bug, "quit_command", no_quit)
    await task_system_exit_bug.main()
    assert prints == [(5.0, "save_draft: cleaning up"), (5.0, "main: returns normally")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["task_system_exit_bug"], [
        *texts(EXPECTED), "asyncio.run raised SystemExit(0) all the same"])

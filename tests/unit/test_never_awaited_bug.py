import pytest

from snippets import never_awaited_bug
from tests.helpers import RealRun, assert_real_run

WARNING = "RuntimeWarning: coroutine 'save' was never awaited"


async def test_the_coroutine_never_runs_and_python_warns(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    with pytest.warns(RuntimeWarning, match="coroutine 'save' was never awaited") as caught:
        await never_awaited_bug.main()
    assert prints == [(0.5, "main: done")]  # no "saved": save's body never ran
    assert looptime == 0.5
    # the tests run in asyncio debug mode, which adds where the coroutine was created
    assert "Coroutine created at (most recent call last)" in str(caught[0].message)


async def test_awaited_save_would_have_saved(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await never_awaited_bug.save("draft")
    assert prints == [(0.1, "saved 'draft'")]
    assert looptime == 0.1


@pytest.mark.realclock
def test_real_run_warns_on_stderr(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["never_awaited_bug"]
    assert_real_run(run, ["main: done"], stderr_has=WARNING)
    assert "Coroutine created at" not in run.stderr  # debug mode is off by default

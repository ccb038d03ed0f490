import pytest

from snippets import never_awaited_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [(0.1, "saved 'draft'"), (0.6, "main: done")]


async def test_awaited_the_coroutine_runs(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await never_awaited_fix.main()
    assert prints == EXPECTED
    assert looptime == 0.6


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["never_awaited_fix"], texts(EXPECTED))

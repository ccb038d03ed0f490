import pytest

from snippets import slow_cancel
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "upload: cancelled; telling the server to discard the partial file (1 s)"),
    (2.0, "main: TimeoutError after 2 s, not 1 s"),
]


async def test_the_timeout_error_waits_for_the_cleanup(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await slow_cancel.main() == 2.0
    assert prints == EXPECTED
    assert looptime == 2.0


async def test_an_upload_without_a_timeout_finishes(looptime: float) -> None:
    await slow_cancel.upload()
    assert looptime == 10.0


@pytest.mark.looptime(start=100)
async def test_the_same_on_a_loop_whose_clock_does_not_start_at_zero(
    prints: list[tuple[float, str]],
) -> None:
    """A real loop's clock starts anywhere: the times shown are differences."""
    assert await slow_cancel.main() == 2.0
    assert texts(prints) == texts(EXPECTED)


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["slow_cancel"], texts(EXPECTED))

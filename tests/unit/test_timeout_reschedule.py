import pytest

from snippets import timeout_reschedule
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "timeout(2) will expire at 2.0 s"),
    (1.0, "left the block at 1.0 s, in time"),
    (1.5, "chunk 0 at 1.5 s; deadline moved to 2.5 s"),
    (2.0, "chunk 1 at 2.0 s; deadline moved to 3.0 s"),
    (2.5, "chunk 2 at 2.5 s; deadline moved to 3.5 s"),
    (3.5, "TimeoutError at 3.5 s: nothing arrived for 1 s"),
    (3.5, "expired() = True"),
]


async def test_each_chunk_pushes_the_deadline_back(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await timeout_reschedule.main()
    assert prints == EXPECTED
    assert looptime == 3.5


@pytest.mark.looptime(start=100)
async def test_the_same_on_a_loop_whose_clock_does_not_start_at_zero(
    prints: list[tuple[float, str]],
) -> None:
    """A real loop's clock starts anywhere: the times shown are differences."""
    await timeout_reschedule.main()
    assert texts(prints) == texts(EXPECTED)


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["timeout_reschedule"], texts(EXPECTED))

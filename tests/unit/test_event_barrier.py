import pytest

from snippets import event_barrier
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.5, "main: go!"),
    (1.5, "ann: arrived after 1 s"),
    (2.5, "cy: arrived after 2 s"),
    (3.5, "bob: arrived after 3 s"),
    (3.5, "bob: leaves with the others"),
    (3.5, "ann: leaves with the others"),
    (3.5, "cy: leaves with the others"),
]


async def test_one_event_starts_all_and_the_barrier_holds_them_until_the_last(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await event_barrier.main()
    assert prints == EXPECTED
    assert looptime == 3.5


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["event_barrier"], texts(EXPECTED))

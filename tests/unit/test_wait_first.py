import pytest

from snippets import wait_first
from tests.conftest import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "first answer: package from us"),
    (1.0, "cancelled: ['asia', 'eu']"),
]


async def test_the_fastest_mirror_wins_and_the_rest_are_cancelled(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await wait_first.main() == "package from us"
    assert prints == EXPECTED
    assert looptime == 1.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_first"], texts(EXPECTED))

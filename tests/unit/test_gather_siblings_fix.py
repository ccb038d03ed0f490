import pytest

from snippets import gather_siblings_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [(1.0, "main: batch failed (bob's card was declined); nothing else was charged")]


async def test_the_group_cancels_ada_s_charge(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await gather_siblings_fix.main()
    assert prints == EXPECTED  # no "charged ada", ever
    assert looptime == 3.0


async def test_a_good_card_is_charged(prints: list[tuple[float, str]]) -> None:
    assert await gather_siblings_fix.charge("ada", 2) == "ada"
    assert prints == [(2.0, "charged ada")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["gather_siblings_fix"], texts(EXPECTED))

import pytest

from snippets import race_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "ada: withdrew 80, balance is 20"),
    (1.0, "bob: refused, balance is 20"),
    (1.0, "final balance: 20"),
]


async def test_the_lock_serialises_check_and_act(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await race_fix.main() == 20
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_a_withdrawal_of_the_whole_balance_is_allowed(
    prints: list[tuple[float, str]],
) -> None:
    account = race_fix.Account(50)
    assert await account.withdraw("ada", 50) is True
    assert await account.withdraw("bob", 1) is False
    assert texts(prints) == ["ada: withdrew 50, balance is 0", "bob: refused, balance is 0"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["race_fix"], texts(EXPECTED))

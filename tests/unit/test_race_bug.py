import pytest

from snippets import race_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "ada: withdrew 80, balance is 20"),
    (1.0, "bob: withdrew 70, balance is -50"),
    (1.0, "final balance: -50"),
]


async def test_both_withdrawals_pass_the_check_and_overdraw(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await race_bug.main() == -50
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_one_withdrawal_alone_is_refused_when_too_big(
    prints: list[tuple[float, str]],
) -> None:
    assert await race_bug.Account(10).withdraw("cy", 50) is False
    assert texts(prints) == ["cy: refused, balance is 10"]


async def test_a_withdrawal_of_the_whole_balance_is_allowed(
    prints: list[tuple[float, str]],
) -> None:
    account = race_bug.Account(50)
    assert await account.withdraw("ada", 50) is True
    assert await account.withdraw("bob", 1) is False
    assert texts(prints) == ["ada: withdrew 50, balance is 0", "bob: refused, balance is 0"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["race_bug"], texts(EXPECTED))

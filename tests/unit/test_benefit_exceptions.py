import pytest

from snippets import benefit_exceptions
from tests.helpers import RealRun

EXPECTED = [
    (1.0, "await re-raised: ValueError('cannot charge -5')"),
    (1.0, "exception() returns it too: ValueError('cannot charge -5')"),
    (1.0, "done=True cancelled=False"),
]


async def test_the_exception_is_stored_and_re_raised(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await benefit_exceptions.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_nothing_is_charged_for_zero_and_one_is() -> None:
    with pytest.raises(ValueError, match="cannot charge 0"):
        await benefit_exceptions.charge_card(0)
    assert await benefit_exceptions.charge_card(1) == "charged 1"


async def test_a_positive_amount_is_charged() -> None:
    assert await benefit_exceptions.charge_card(10) == "charged 10"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["benefit_exceptions"]
    assert (run.returncode, run.lines, run.stderr) == (0, [t for _, t in EXPECTED], "")

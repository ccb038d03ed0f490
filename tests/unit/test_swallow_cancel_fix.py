import pytest

from snippets import swallow_cancel_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "fetch_prices: cancelled, cleaning up"),
    (1.0, "main: timed out after 1 s"),
]


async def test_the_timeout_fires_at_one_second(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await swallow_cancel_fix.main() == "timed out"
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_a_fast_fetch_is_used(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def fast() -> str:
        return "fresh prices"

    monkeypatch.setattr(swallow_cancel_fix, "fetch_prices", fast)
    assert await swallow_cancel_fix.main() == "fresh prices"
    assert texts(prints) == ["main: no TimeoutError, so main goes on with 'fresh prices'"]


async def test_an_unhurried_fetch_returns_fresh_prices(looptime: float) -> None:
    assert await swallow_cancel_fix.fetch_prices() == "fresh prices"
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["swallow_cancel_fix"], texts(EXPECTED))

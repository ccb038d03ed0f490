import pytest

from snippets import swallow_cancel_bug, swallow_cancel_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "fetch_prices: cancelled, but carrying on"),
    (1.0, "main: no TimeoutError, so main goes on with 'stale prices'"),
]


async def test_the_timeout_never_fires_and_stale_data_flows_on(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await swallow_cancel_bug.main() == "stale prices"
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_the_same_main_times_out_once_cancellation_is_re_raised(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(swallow_cancel_bug, "fetch_prices", swallow_cancel_fix.fetch_prices)
    assert await swallow_cancel_bug.main() == "timed out"
    assert texts(prints)[-1] == "main: timed out after 1 s"


async def test_without_a_timeout_the_prices_are_fresh(looptime: float) -> None:
    assert await swallow_cancel_bug.fetch_prices() == "fresh prices"
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["swallow_cancel_bug"], texts(EXPECTED))

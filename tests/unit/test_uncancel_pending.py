import pytest

from snippets import uncancel_pending
from tests.helpers import RUNNING, RealRun, assert_real_run, texts

VERSION = f"Python {RUNNING[0]}.{RUNNING[1]}"
# 3.13: uncancel() that brings the count to zero also drops the cancellation not yet delivered
EXPECTED = ([(0.1, f"{VERSION}: step finished")] if RUNNING >= (3, 13) else
            [(0.0, f"{VERSION}: step was cancelled")])


async def test_a_withdrawn_cancel_arrives_before_3_13_and_not_after(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await uncancel_pending.main()
    assert prints == EXPECTED
    assert looptime == EXPECTED[-1][0]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["uncancel_pending"], texts(EXPECTED))

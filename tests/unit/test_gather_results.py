import pytest

from snippets import gather_results
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (2.0, "gather: ['slow (2 s)', 'fast (1 s)']"),
    (3.0, "ok: 'fast (1 s)'"),
    (3.0, "failed: LookupError('broken not found')"),
]


async def test_results_in_argument_order_and_exceptions_as_values(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    ok, failed = await gather_results.main()
    assert ok == "fast (1 s)"
    assert isinstance(failed, LookupError)
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["gather_results"], texts(EXPECTED))

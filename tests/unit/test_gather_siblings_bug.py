import pytest

from snippets import gather_siblings_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "main: batch failed (bob's card was declined); telling the shop nothing was charged"),
    (2.0, "charged ada"),
]


async def test_ada_is_charged_after_the_batch_was_reported_as_failed(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await gather_siblings_bug.main()
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["gather_siblings_bug"], texts(EXPECTED))

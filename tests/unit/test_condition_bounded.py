import pytest

from snippets import condition_bounded
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "baker: bread is ready"),
    (2.0, "baker: rolls is ready"),
    (2.0, "waiter: two trays ready (bread, rolls), serving"),
    (3.0, "baker: pie is ready"),
    (3.0, "BoundedSemaphore refused the extra release: "
          "BoundedSemaphore released too many times"),
]


async def test_the_waiter_wakes_when_its_test_passes_and_the_extra_release_fails(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await condition_bounded.main()
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["condition_bounded"], texts(EXPECTED))

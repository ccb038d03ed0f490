import pytest

from snippets import terminate_taskgroup
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "mirror-b: found it"),
    (1.0, "mirror-a: stopped early"),
    (1.0, "main: found on mirror-b"),
]


async def test_the_group_ends_once_one_mirror_has_it(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await terminate_taskgroup.main()
    assert prints == EXPECTED
    assert looptime == 1.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["terminate_taskgroup"], texts(EXPECTED))

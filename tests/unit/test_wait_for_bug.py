import pytest

from snippets import wait_for_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "save_document: cancelled halfway, nothing saved"),
    (1.0, "main: not saved within 1 s; telling the user we will keep trying"),
    (1.0, "main: the save task was cancelled=True"),
]


async def test_the_timeout_cancels_the_save(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await wait_for_bug.main()
    assert prints == EXPECTED  # "will keep trying" is a lie: the save is gone
    assert looptime == 1.0


async def test_left_alone_the_save_completes(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await wait_for_bug.save_document() == "saved"
    assert prints == [(3.0, "save_document: saved")]
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_for_bug"], texts(EXPECTED))

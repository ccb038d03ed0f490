import pytest

from snippets import cancel_before_start_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "connection opened"),
    (0.0, "connection closed"),
    (0.0, "task cancelled: True; connection closed: True"),
]


async def test_the_opener_closes_the_connection_although_the_task_never_ran(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await cancel_before_start_fix.main()
    assert prints == EXPECTED
    assert looptime == 0.0


async def test_left_alone_the_upload_runs(prints: list[tuple[float, str]], looptime: float) -> None:
    connection = cancel_before_start_fix.Connection()
    await cancel_before_start_fix.upload(connection)
    assert texts(prints) == ["connection opened", "upload: started"]
    assert looptime == 1.0
    assert not connection.closed  # the opener closes it, not the upload


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["cancel_before_start_fix"], texts(EXPECTED))

import logging

import pytest

from snippets import never_retrieved_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (2.0, "main: sending failed (cannot reach the mail server for ada@example.org); "
          "queued for retry"),
]


async def test_the_error_is_handled_where_the_task_is_awaited(
    prints: list[tuple[float, str]], looptime: float, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        await never_retrieved_fix.main()
    assert prints == EXPECTED
    assert looptime == 2.0
    assert caplog.records == []


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["never_retrieved_fix"], texts(EXPECTED))

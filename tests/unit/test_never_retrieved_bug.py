import logging

import pytest

from snippets import never_retrieved_bug
from tests.helpers import RealRun, assert_real_run


async def test_the_error_only_reaches_the_log(
    prints: list[tuple[float, str]], looptime: float, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        await never_retrieved_bug.main()
    assert prints == [(2.0, "main: done, and the task says done=True")]
    assert looptime == 2.0
    (record,) = caplog.records
    message = record.getMessage()
    assert message.startswith("Task exception was never retrieved")
    assert "exception=ConnectionError('cannot reach the mail server for ada@example.org')" in (
        message
    )


@pytest.mark.realclock
def test_real_run_writes_the_lost_error_to_stderr(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["never_retrieved_bug"]
    assert_real_run(run, ["main: done, and the task says done=True"],
                    stderr_has="Task exception was never retrieved")
    assert "ConnectionError: cannot reach the mail server for ada@example.org" in run.stderr

import pytest

from snippets import sigterm_drain
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.25, "main: SIGTERM received; no new requests"),
    (1.5, "worker 1: finished the request in hand; 3 handled"),
    (1.5, "worker 2: finished the request in hand; 3 handled"),
    (1.5, "main: every worker has stopped; exiting normally"),
]


async def test_sigterm_lets_each_worker_finish_its_request_then_stop(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    """A real SIGTERM, sent by the program to itself, through the loop's handler."""
    await sigterm_drain.main()
    assert prints == EXPECTED
    assert looptime == 1.5


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["sigterm_drain"], texts(EXPECTED))

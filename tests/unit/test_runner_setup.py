import asyncio

import looptime
import pytest

from snippets import runner_setup
from tests.helpers import OFF_LOOP, RealRun, assert_real_run, texts

EXPECTED = [
    (0.1, "connected"),
    (0.1, "query on db-1"),
    (OFF_LOOP, "one loop for both calls: True; closed now: True"),
]


REAL_RUNNER = asyncio.Runner


def virtual_clock_runner(*, debug: bool | None = None, loop_factory: object = None,
                         ) -> asyncio.Runner:
    """asyncio.Runner on looptime's virtual clock, so that the sleeps take no real time."""
    return REAL_RUNNER(debug=debug, loop_factory=lambda: looptime.patch_event_loop(
        asyncio.new_event_loop(), start=0))  # type: ignore[arg-type]


@pytest.fixture
def virtual_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asyncio, "Runner", virtual_clock_runner)  # what the snippet calls
    monkeypatch.setattr(asyncio.runners, "Runner", virtual_clock_runner)  # what asyncio.run calls


@pytest.mark.usefixtures("virtual_clock")
def test_one_runner_keeps_one_loop_and_one_context(prints: list[tuple[float, str]]) -> None:
    runner_setup.main()
    assert prints == [(0.1, "connected"), (0.2, "query on db-1"), EXPECTED[2]]


@pytest.mark.usefixtures("virtual_clock")
def test_each_asyncio_run_has_its_own_loop_and_context() -> None:
    first = asyncio.run(runner_setup.connect())
    assert first.is_closed()
    with pytest.raises(LookupError):  # the context variable `connect` set is gone
        asyncio.run(runner_setup.query())


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["runner_setup"], texts(EXPECTED))

from types import SimpleNamespace

import pytest

from snippets import blocking_bug
from tests.helpers import RealRun, assert_real_run

EXPECTED = ["tick", "thumbnail: start", "thumbnail: done"]


async def test_nothing_else_runs_during_the_blocking_call(
    prints: list[tuple[float, str]], looptime: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked: list[float] = []
    # the snippet's own `time` only: other threads (the real runs) still really sleep
    monkeypatch.setattr(blocking_bug, "time", SimpleNamespace(sleep=blocked.append))
    assert await blocking_bug.main() == "thumbnail.png"
    assert blocked == [1.5]
    # start and done are adjacent, at the same loop time: no tick could run in between
    assert prints == [(0.0, "tick"), (0.1, "thumbnail: start"), (0.1, "thumbnail: done")]
    assert looptime == 0.5


@pytest.mark.realclock
def test_real_run_shows_no_tick_for_one_and_a_half_seconds(
    real_runs: dict[str, RealRun],
) -> None:
    assert_real_run(real_runs["blocking_bug"], EXPECTED)

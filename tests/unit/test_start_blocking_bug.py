from types import SimpleNamespace

import pytest

from snippets import start_blocking_bug
from tests.helpers import RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Preparing the report layout (blocking for 1 s)"),
    (0.0, "Layout ready"),
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Finished processing item 2"),
    (3.0, "Finished processing item 1"),
]


async def test_no_task_starts_until_the_blocking_call_returns(
    prints: list[tuple[float, str]], looptime: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked: list[float] = []
    # the snippet's own `time` only: other threads (the real runs) still really sleep
    monkeypatch.setattr(start_blocking_bug, "time", SimpleNamespace(sleep=blocked.append))

    results = await start_blocking_bug.main()

    assert blocked == [1]
    assert prints == EXPECTED  # both "Starting" lines come after "Layout ready"
    assert results == ["Result for item 1", "Result for item 2"]
    assert looptime == 3.0  # the virtual clock cannot see the blocked second...


@pytest.mark.realclock
def test_real_run_takes_four_seconds_instead_of_three(real_runs: dict[str, RealRun]) -> None:
    # ...the real clock can: 1 s blocked + 3 s of tasks
    assert_total_between(real_runs["start_blocking_bug"], texts(EXPECTED), 3.9, 4.6)

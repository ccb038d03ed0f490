import re
from types import SimpleNamespace

import pytest

from snippets import slow_callback
from tests.helpers import RealRun, assert_real_run

SLOW = re.compile(r"Executing <Task .*load_settings\(\).*> took (\d+\.\d\d\d) seconds")


async def test_nothing_runs_while_the_blocking_call_holds_the_loop(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked: list[float] = []
    # the snippet's own `time` only: other threads (the real runs) still really sleep
    monkeypatch.setattr(slow_callback, "time", SimpleNamespace(sleep=blocked.append))
    await slow_callback.main()
    assert blocked == [1]
    # the heartbeat's first sleep was under way when load_settings took the loop; on the
    # virtual clock the blocking call takes no time, so every beat is on time here
    assert prints == [(0.0, "settings loaded"), (0.2, "heartbeat 0: on time"),
                      (0.4, "heartbeat 1: on time"), (0.6, "heartbeat 2: on time")]


@pytest.mark.realclock
def test_real_run_shows_the_delay_and_debug_mode_names_the_slow_step(
    real_runs: dict[str, RealRun],
) -> None:
    run = real_runs["slow_callback"]
    assert_real_run(run, ["settings loaded", "heartbeat 0: LATE", "heartbeat 1: on time",
                          "heartbeat 2: on time"], stderr_has="load_settings() done")
    took = SLOW.search(run.stderr)
    assert took, run.stderr
    assert 1.0 <= float(took[1]) < 2.0  # time.sleep(1), and what a loaded machine adds

import re

import pytest

from snippets import slow_callback
from tests.conftest import RealRun, assert_real_run

SLOW = re.compile(r"Executing <Task .*load_settings\(\).*> took 0\.3\d\d seconds")


async def test_nothing_runs_while_the_blocking_call_holds_the_loop(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked: list[float] = []
    monkeypatch.setattr("time.sleep", blocked.append)
    await slow_callback.main()
    assert blocked == [0.3]
    # nothing ran between heartbeat 0 and settings loaded: the blocking call held the loop
    assert [text for _, text in prints] == [
        "heartbeat 0 at 0.0 s", "settings loaded", "heartbeat 1 at 0.1 s",
        "heartbeat 2 at 0.2 s",
    ]


@pytest.mark.realclock
def test_real_run_shows_the_delay_and_debug_mode_names_the_slow_step(
    real_runs: dict[str, RealRun],
) -> None:
    run = real_runs["slow_callback"]
    assert_real_run(run, ["heartbeat 0 at 0.0 s", "settings loaded", "heartbeat 1 at 0.3 s",
                          "heartbeat 2 at 0.4 s"], stderr_has="took 0.3")
    assert SLOW.search(run.stderr), run.stderr

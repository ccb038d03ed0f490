import threading

import pytest

from snippets import blocking_fix
from tests.helpers import RealRun, texts


async def test_the_blocking_call_runs_off_the_event_loop_thread(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def fake_thumbnail() -> str:
        threads.append(threading.current_thread())
        return "thumbnail.png"

    monkeypatch.setattr(blocking_fix, "make_thumbnail", fake_thumbnail)
    assert await blocking_fix.main() == "thumbnail.png"
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    assert texts(prints)[:2] == ["tick", "thumbnail: start"]
    assert "thumbnail: done" in texts(prints)


@pytest.mark.realclock
def test_real_run_keeps_ticking_during_the_call(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["blocking_fix"]
    assert (run.returncode, run.stderr) == (0, "")
    start, done = run.lines.index("thumbnail: start"), run.lines.index("thumbnail: done")
    assert run.lines[:start] == ["tick"]
    assert run.lines[start + 1:done].count("tick") >= 2  # ticks every 0.5 s of the 1.5 s

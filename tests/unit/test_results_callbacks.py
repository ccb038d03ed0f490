import asyncio

import pytest

from snippets import results_callbacks
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "callback: coffee -> coffee is ready"),
    (2.0, "callback: espresso failed: the machine is out of beans"),
    (3.0, "callback: tea -> tea is ready"),
    (3.0, "main: served tea is ready"),
    (3.0, "main: served coffee is ready"),
    (3.0, "main: espresso failed, exception() = RuntimeError('the machine is out of beans')"),
]


async def test_callbacks_fire_in_finish_order_while_main_awaits_in_creation_order(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await results_callbacks.main() == ["tea is ready", "coffee is ready"]
    assert prints == EXPECTED
    assert looptime == 3.0


async def test_the_callback_handles_a_cancelled_task(prints: list[tuple[float, str]]) -> None:
    task = asyncio.create_task(results_callbacks.brew("tea", 3.0), name="tea")
    task.add_done_callback(results_callbacks.announce)
    await asyncio.sleep(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)  # the callback runs soon after the task ends
    assert prints == [(1.0, "callback: tea was cancelled")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["results_callbacks"], texts(EXPECTED))

import pytest

from snippets import results_callbacks
from tests.conftest import RealRun, assert_real_run, texts

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


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["results_callbacks"], texts(EXPECTED))

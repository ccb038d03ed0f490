import pytest

from snippets import dinner_concurrent
from tests.helpers import RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Start roast"),
    (0.0, "Start salad"),
    (1.0, "Salad is ready"),
    (3.0, "Roast is ready"),
    (3.0, "Dinner is served"),
]


async def test_salad_is_made_while_the_roast_cooks(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await dinner_concurrent.main() == ["roast", "salad"]
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run_takes_about_three_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["dinner_concurrent"], texts(EXPECTED), 2.9, 3.6)

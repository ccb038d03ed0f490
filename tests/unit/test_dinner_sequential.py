import pytest

from snippets import dinner_sequential
from tests.helpers import RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Start roast"),
    (3.0, "Roast is ready"),
    (3.0, "Start salad"),
    (4.0, "Salad is ready"),
    (4.0, "Dinner is served"),
]


async def test_one_dish_after_the_other_takes_four_seconds(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await dinner_sequential.main() == ["roast", "salad"]
    assert prints == EXPECTED
    assert looptime == 4.0


@pytest.mark.realclock
def test_real_run_takes_about_four_seconds(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["dinner_sequential"], texts(EXPECTED), 3.9, 4.6)

import pytest

from snippets import task_names
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "worker-1s: started"),
    (0.0, "worker-2s: started"),
    (0.0, "all_tasks(): ['main', 'worker-1s', 'worker-2s']"),
    (2.0, "after gather: ['main']"),
]


async def test_named_tasks_are_listed_while_they_exist(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await task_names.main() == ["main", "worker-1s", "worker-2s"]
    assert prints == EXPECTED
    assert looptime == 2.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["task_names"], texts(EXPECTED))

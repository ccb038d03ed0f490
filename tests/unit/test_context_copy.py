import pytest

from snippets import context_copy
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "task sees request_id=req-1"),
    (0.0, "task changed it to changed-in-task"),
    (0.0, "main still sees request_id=req-2"),
]


async def test_the_task_works_on_a_copy_taken_at_creation(
    prints: list[tuple[float, str]],
) -> None:
    await context_copy.main()
    assert prints == EXPECTED


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["context_copy"], texts(EXPECTED))

import pytest

from snippets import wait_for_context
from tests.helpers import RUNNING, RealRun, assert_real_run, texts

# 3.12 made wait_for run the coroutine in the caller's task, so the caller sees what it set
USER = "'ada'" if RUNNING >= (3, 12) else "'nobody'"
EXPECTED = [
    (0.1, f"Python {RUNNING[0]}.{RUNNING[1]}: after wait_for, user is {USER}"),
    (0.1, f"after a task set it to 'bob', user is still {USER}"),
]


async def test_wait_for_shares_the_callers_context_from_3_12(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await wait_for_context.main()
    assert prints == EXPECTED
    assert looptime == 0.1


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_for_context"], texts(EXPECTED))

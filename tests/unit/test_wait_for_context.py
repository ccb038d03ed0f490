import asyncio
import contextvars

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



async def test_the_task_sets_the_user_in_its_own_copy_of_the_context() -> None:
    copy = contextvars.copy_context()
    await asyncio.create_task(wait_for_context.log_in_as("bob"), context=copy)
    assert copy[wait_for_context.user] == "bob"
    assert wait_for_context.user.get() == "nobody"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_for_context"], texts(EXPECTED))

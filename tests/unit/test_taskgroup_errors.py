import pytest

from snippets import taskgroup_errors
from tests.conftest import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "connection problems: ['b.invalid: no such host']"),
    (1.0, "too slow: ['slow.example: no answer']"),
]


async def test_each_except_star_clause_gets_its_own_failures(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await taskgroup_errors.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_a_healthy_host_is_ok() -> None:
    assert await taskgroup_errors.check("a.example", 0) == "a.example: ok"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["taskgroup_errors"], texts(EXPECTED))

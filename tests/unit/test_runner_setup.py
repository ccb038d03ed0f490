import asyncio

import pytest

from snippets import runner_setup
from tests.conftest import OFF_LOOP, RealRun, assert_real_run, texts

EXPECTED = [
    (0.1, "connected"),
    (0.1, "query on db-1"),
    (OFF_LOOP, "one loop for both calls: True; closed now: True"),
]


def test_one_runner_keeps_one_loop_and_one_context(prints: list[tuple[float, str]]) -> None:
    runner_setup.main()
    assert [text for _, text in prints] == texts(EXPECTED)


def test_each_asyncio_run_has_its_own_loop_and_context() -> None:
    first = asyncio.run(runner_setup.connect())
    assert first.is_closed()
    with pytest.raises(LookupError):  # the context variable `connect` set is gone
        asyncio.run(runner_setup.query())


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["runner_setup"], texts(EXPECTED))

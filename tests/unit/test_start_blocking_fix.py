import re

import pytest

from snippets import start_blocking_fix
from tests.conftest import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "Preparing the report layout (awaiting for 1 s)"),
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Layout ready"),
    (1.0, "Finished processing item 2"),
    (3.0, "Finished processing item 1"),
]


async def test_the_tasks_run_while_the_layout_is_awaited(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await start_blocking_fix.main() == ["Result for item 1", "Result for item 2"]
    assert prints == EXPECTED
    assert looptime == 3.0


@pytest.mark.realclock
def test_real_run_takes_three_seconds(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["start_blocking_fix"]
    *lines, total = run.lines
    assert_real_run(RealRun(run.returncode, "\n".join(lines), run.stderr), texts(EXPECTED))
    seconds = re.fullmatch(r"Total time taken: (\d+\.\d\d) seconds", total)
    assert seconds is not None
    assert 2.9 <= float(seconds[1]) <= 3.6

"""Four cold builds of the real site, started together, all succeed and leave the machine
usable. One of them is the project's own build, which every other site and browser test then
checks (tests/conftest.py, `cold_builds`). The builds bound themselves: the scale page's
measurement takes at most a quarter of the machine's free process ids and works to a time
budget, and every timing-dependent output is checked against its test before it is
published (see tasksdocs/engine/expectations.py)."""

from __future__ import annotations

import pytest

from tests.helpers import ColdBuilds

pytestmark = pytest.mark.build


def test_four_cold_builds_at_once_all_succeed_and_the_machine_stays_usable(
    cold_builds: ColdBuilds,
) -> None:
    assert len(cold_builds.builds) == 4
    for build in cold_builds.builds:
        assert build.returncode == 0, build.log
        scale_lines = [line for line in build.log.splitlines() if "Scale measurement" in line]
        assert "tasks: all planned sizes measured, up to 100,000" in build.log, scale_lines
    assert cold_builds.forks > 0

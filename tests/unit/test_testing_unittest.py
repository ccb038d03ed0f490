import io
import unittest

import pytest

from snippets import testing_unittest
from tasksdocs.engine.expectations import SLOW_STEP
from tests.helpers import RealRun


def run_the_snippets_tests() -> unittest.TestResult:
    tests = unittest.defaultTestLoader.loadTestsFromTestCase(testing_unittest.FetchAllTest)
    return unittest.TextTestRunner(stream=io.StringIO()).run(tests)


def test_the_snippets_own_tests_pass() -> None:
    result = run_the_snippets_tests()
    assert (result.testsRun, result.wasSuccessful()) == (2, True)


def test_the_snippets_own_tests_catch_results_in_the_wrong_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def finishing_order(names: dict[str, float]) -> list[str]:
        return [f"{name} fetched" for name, _ in sorted(names.items(), key=lambda n: n[1])]

    monkeypatch.setattr(testing_unittest, "fetch_all", finishing_order)
    result = run_the_snippets_tests()
    assert (len(result.failures), len(result.errors)) == (2, 0)


def test_main_reports_each_test_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    testing_unittest.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == ["test_order", "test_timeout"]
    assert lines[-1] == "OK"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    run = real_runs["testing_unittest"]
    assert run.returncode == 0
    assert all(SLOW_STEP.fullmatch(line) for line in run.stderr.splitlines()), run.stderr
    assert run.lines[:2] == ["test_order (__main__.FetchAllTest.test_order) ... ok",
                             "test_timeout (__main__.FetchAllTest.test_timeout) ... ok"]
    assert run.lines[-1] == "OK"

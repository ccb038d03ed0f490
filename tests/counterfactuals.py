"""Counterfactuals: the claims that `mutmut` cannot reach, each with a small change that
makes it false and the test that must then fail.

`make mutation` changes the examples at random and counts the changes their tests notice.
Some claims live elsewhere: in tests of Python itself (`tests/test_claims.py`), in the
engine that measures and draws (`tasksdocs/`), and in the examples that need 3.14, which
run only in Pyodide, where mutmut cannot start its workers. For each of those, a chosen
change: the world in which the claim is false. `python tests/counterfactuals.py` (run by
`make mutation`) first runs every named test unchanged, which must pass, and then each test
against its change, in a scratch copy of the project, which must fail. The tracked files
are never touched. Cases at a version boundary are written from 3.13's side, the Python
`make mutation` runs them on.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_WHEELS = ".nox/wheels-3.14"  # made by the snippets-3.14-pyodide session


@dataclass(frozen=True)
class Counterfactual:
    test: str  # pytest node id
    path: str  # the file changed, relative to the project
    old: str  # text that must occur exactly once in it
    new: str
    why: str  # the world the change makes, in a few words
    pyodide: bool = False  # the test needs 3.14, which runs in Pyodide here
    site: bool = False  # the test reads the built site: see SITE_COUNTERFACTUALS


CLAIMS = "tests/test_claims.py"
WARNS = '                else "DeprecationWarning: There is no current event loop"\n'
SCALE = "tasksdocs/engine/scale.py"

COUNTERFACTUALS = [
    Counterfactual(
        f"{CLAIMS}::test_pythonasynciodebug_says_where_a_forgotten_coroutine_was_created",
        "snippets/never_awaited_bug.py", "async def main() -> None:\n",
        "async def main() -> None:\n"
        "    __import__('sys').set_coroutine_origin_tracking_depth(0)\n",
        "debug mode does not record where a coroutine was created"),
    Counterfactual(
        f"{CLAIMS}::test_get_event_loop_without_a_loop_warns_from_3_12",
        CLAIMS, f"(3, 12)\n{WARNS}                if sys.version_info < (3, 14)",
        f"(3, 11)\n{WARNS}                if sys.version_info < (3, 13)",
        "each change a version earlier"),
    Counterfactual(
        f"{CLAIMS}::test_an_eager_task_that_never_waits_is_done_at_once",
        CLAIMS, "    loop.set_task_factory(asyncio.eager_task_factory)\n    try:\n        task",
        "    loop.set_task_factory(None)\n    try:\n        task",
        "the factory left tasks lazy"),
    Counterfactual(
        "tests/test_timeline.py::test_the_dinner_replays_take_three_steps_and_six",
        "snippets/dinner_sequential.py", "    await asyncio.sleep(seconds)",
        "    await asyncio.sleep(seconds / 2)\n    await asyncio.sleep(seconds / 2)",
        "each dish waited twice: more steps"),
    Counterfactual(
        "tests/test_timeline.py::test_the_article_example_figure_has_exact_lanes_marks_and_prints",
        "tasksdocs/pictures/timeline.py", "BRIEF = 1.5", "BRIEF = 0",
        "every step drawn as a bar, however brief"),
    Counterfactual(
        "tests/test_timeline.py::test_a_replay_step_names_the_running_waiting_ready_and_done_tasks",
        "snippets/article_example.py",
        "    task1 = asyncio.create_task(process_item(1, 3))\n"
        "    task2 = asyncio.create_task(process_item(2, 1))\n",
        "    task2 = asyncio.create_task(process_item(2, 1))\n"
        "    task1 = asyncio.create_task(process_item(1, 3))\n",
        "item 2 created first: another task runs in step 2"),
    Counterfactual(
        "tests/test_timeline.py::test_a_replay_step_names_the_running_waiting_ready_and_done_tasks",
        "tasksdocs/runner/recorder.py", "for h in scheduled if not h.cancelled())",
        "for h in scheduled if not h.cancelled())[::-1]",
        "the timers listed latest first"),
    Counterfactual(
        "tests/test_scale.py::test_every_sleeper_is_measured_with_its_own_memory",
        SCALE, "PROGRAMS[kind], str(count), str(pause)]", "PROGRAMS[kind], '10', str(pause)]",
        "every size measured as ten sleepers"),
    Counterfactual(
        "tests/test_scale.py::test_memory_per_sleeper_stays_flat_and_a_thread_costs_many_tasks",
        SCALE, "async def sleeper(gate: asyncio.Event) -> None:\n    await gate.wait()",
        "async def sleeper(gate: asyncio.Event) -> None:\n"
        "    ballast = bytearray(b'x' * 200_000)\n    await gate.wait()",
        "a task costs as much memory as a thread"),
    Counterfactual(
        "tests/test_scale.py::test_the_garbage_collector_runs_while_many_tasks_are_created",
        SCALE, 'PROGRAMS = {\n    "tasks": RESIDENT + """\n',
        'PROGRAMS = {\n    "tasks": RESIDENT + """\ngc.disable()\n',
        "no collection while the tasks are created"),
    Counterfactual(
        "tests/test_scale.py::test_the_report_has_a_table_row_per_measurement_and_two_log_log_plots",
        "tasksdocs/pictures/plots.py", "math.log10(n) - x_lo", "n / 10 ** x_hi - x_lo",
        "N drawn on a linear axis"),
    Counterfactual(
        "tests/test_scale.py::test_the_measurement_stops_at_its_budget_and_says_why",
        SCALE, "OVERRUN = 8 ", "OVERRUN = 4 ", "tasks allowed four budgets, not eight"),
    Counterfactual(
        "tests/test_scale.py::test_threads_stop_below_a_quarter_of_the_machines_headroom",
        SCALE, "max(0, headroom // 4)", "max(0, headroom // 2)",
        "threads allowed half the headroom"),
    Counterfactual(
        "tests/test_scale.py::test_tasks_may_use_eight_budgets_and_threads_what_is_left_of_one",
        SCALE, "OVERRUN = 8 ", "OVERRUN = 4 ", "tasks allowed four budgets, not eight"),
    Counterfactual(
        "tests/test_engine.py::test_blocks_that_measure_time_wait_for_all_the_others",
        "tasksdocs/mkdocs/runs.py", "later = measures_time(block)", "later = False",
        "blocks that measure time start with the others"),
    Counterfactual(
        "tests/test_engine.py::test_once_quiet_waits_while_the_cpu_is_saturated",
        "tasksdocs/engine/quiet.py", "if started and busy is not None and busy < SATURATED:",
        "if started:", "the measurement starts while the CPU is saturated"),
    # claims added in the second audit
    Counterfactual(
        f"{CLAIMS}::test_a_swallowed_cancellation_makes_wait_for_return_the_stale_value",
        CLAIMS, '            return "stale"', "            raise", "the coroutine re-raises"),
    Counterfactual(
        f"{CLAIMS}::test_a_group_waits_for_a_task_that_swallows_its_cancellation",
        CLAIMS, "with contextlib.suppress(asyncio.CancelledError):  # the bug",
        "with contextlib.suppress(KeyError):", "the task lets its cancellation through"),
    Counterfactual(
        f"{CLAIMS}::test_asyncio_run_waits_at_shutdown_for_a_task_that_swallows_its_cancellation",
        CLAIMS, '                events.append("swallowed")\n',
        '                events.append("swallowed")\n                raise\n',
        "the task lets its cancellation through"),
    Counterfactual(
        f"{CLAIMS}::test_a_swallowed_cancellation_then_a_failed_group_ends_the_task_cancelled_on_return",
        CLAIMS, "assert task.cancelled() == (sys.version_info >= (3, 13))",
        "assert task.cancelled() == (sys.version_info >= (3, 14))", "the change came in 3.14"),
    Counterfactual(
        f"{CLAIMS}::test_a_cancelled_tasks_cleanup_error_joins_the_group",
        CLAIMS, '            raise RuntimeError("cleanup failed")\n', "            pass\n",
        "the cleanup does not raise"),
    Counterfactual(
        f"{CLAIMS}::test_task_numbers_count_the_tasks_the_library_makes_too",
        CLAIMS, "(2 if sys.version_info < (3, 12) else 1)",
        "(2 if sys.version_info < (3, 14) else 1)", "wait_for made a task until 3.14"),
    Counterfactual(
        f"{CLAIMS}::test_isolated_async_test_case_runs_in_debug_mode_and_reports_a_slow_step",
        CLAIMS, "time.sleep(0.15)  # noqa", "time.sleep(0.05)  # noqa",
        "the step blocks under the threshold"),
    Counterfactual(
        f"{CLAIMS}::test_a_thread_lock_held_across_an_await_blocks_the_whole_loop",
        CLAIMS, "    acquired = thread_lock.acquire(timeout=0.3)",
        "    await asyncio.sleep(0.2)\n    acquired = thread_lock.acquire(timeout=0.3)",
        "the holder finishes before the blocking wait"),
    Counterfactual(
        f"{CLAIMS}::test_result_too_retrieves_a_failed_tasks_exception",
        CLAIMS, "                task.result()\n", '                raise ValueError("boom")\n',
        "result() is not called"),
    Counterfactual(
        f"{CLAIMS}::test_debug_mode_slows_the_program_down",
        CLAIMS, "asyncio.run(many(), debug=debug)", "asyncio.run(many(), debug=False)",
        "both runs without debug mode"),
    Counterfactual(
        f"{CLAIMS}::test_this_sites_tests_run_in_debug_mode",
        "pyproject.toml", "asyncio_debug = true", "asyncio_debug = false",
        "pytest-asyncio without debug mode"),
    Counterfactual(
        "tests/test_drift.py::test_mypy_reports_the_forgotten_coroutine",
        "snippets/never_awaited_bug.py", '    save("draft")  #', '    await save("draft")  #',
        "the coroutine awaited: nothing to report"),
    Counterfactual(
        "tests/unit/test_queue_shutdown.py::test_an_error_in_a_worker_reaches_main_through_the_group",
        "snippets/queue_shutdown.py", "await asyncio.sleep(JOBS[job])",
        "await asyncio.sleep(JOBS.get(job, 0))", "an unknown job does not fail its worker"),
    Counterfactual(
        "tests/unit/test_loop_setup.py::test_the_policy_functions_warn_of_their_removal_in_3_16",
        "tests/unit/test_loop_setup.py", "lambda: asyncio.AbstractEventLoopPolicy,",
        "lambda: asyncio.BaseEventLoop,",
        "a name that does not warn", pyodide=True),
    Counterfactual(
        f"{CLAIMS}::test_a_main_that_swallows_ctrl_c_keeps_running",
        CLAIMS, '        print("main: swallowed the cancellation")\n',
        '        print("main: swallowed the cancellation")\n        raise\n',
        "main re-raises the Ctrl-C cancellation"),
    Counterfactual(
        f"{CLAIMS}::test_only_the_main_thread_may_install_a_signal_handler",
        CLAIMS, "    worker.start()\n    worker.join()\n",
        "    asyncio.run(install())\n", "the handler installed from the main thread"),
    Counterfactual(
        f"{CLAIMS}::test_sigterm_without_a_handler_skips_every_finally",
        CLAIMS, "async def main():\n    asyncio.get_running_loop().call_later(0.1, signal.raise_"
        "signal, signal.SIGTERM)\n",
        "async def main():\n    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, "
        "asyncio.current_task().cancel)\n    asyncio.get_running_loop().call_later(0.1, "
        "signal.raise_signal, signal.SIGTERM)\n", "a handler that cancels main"),
    Counterfactual(
        "tests/test_drift.py::test_the_testing_page_quotes_the_article_test_as_it_is",
        "docs/testing-tasks.md", "    assert looptime == 3.0\n```",
        "    assert looptime == 3\n```", "the page's quote one character off"),
    Counterfactual(
        "tests/test_timeline.py::test_an_awaited_coroutine_has_no_lane_of_its_own_and_a_task_has",
        "snippets/await_inline.py", "await greet('coroutine')",
        "await asyncio.create_task(greet('coroutine'))", "the coroutine wrapped in a task"),
    # 3.14, in Pyodide
    Counterfactual(
        "tests/unit/test_call_graph.py::test_the_graph_shows_the_stuck_task_and_who_awaits_it",
        "snippets/call_graph.py", "    await board_free.wait()  # the bug",
        "    await asyncio.sleep(600)  # the bug", "chopping stuck somewhere else",
        pyodide=True),
    Counterfactual(
        "tests/unit/test_call_graph.py::test_print_call_graph_prints_the_current_tasks_own_graph",
        "tests/unit/test_call_graph.py", "    asyncio.print_call_graph()",
        "    asyncio.print_call_graph(asyncio.create_task(asyncio.sleep(0), name='me'))",
        "the graph of another task printed", pyodide=True),
    Counterfactual(
        "tests/unit/test_task_report.py::test_the_report_names_each_waiting_line_and_the_awaiting_task",
        "snippets/task_report.py", "if entry.frame.f_code.co_filename == __file__]",
        "if entry.frame.f_code.co_filename != __file__]", "the report names library frames",
        pyodide=True),
    Counterfactual(
        "tests/unit/test_task_report.py::test_a_task_outside_the_snippets_code_is_reported_as_library_code",
        "snippets/task_report.py", 'else "library code"', 'else "nowhere"',
        "a task outside the file is not called library code", pyodide=True),
    Counterfactual(
        "tests/unit/test_eager_start.py::test_only_the_eager_task_starts_inside_create_task",
        "snippets/eager_start.py", "process_item(2, 1), eager_start=True)",
        "process_item(2, 1), eager_start=False)", "item 2 not eager", pyodide=True),
    Counterfactual(
        "tests/unit/test_eager_start.py::test_an_eager_task_that_never_waits_is_done_when_create_task_returns",
        "snippets/eager_start.py", "        return PRICES[item]  # returns before its first await",
        "        await asyncio.sleep(0)\n        return PRICES[item]",
        "the price lookup waits once", pyodide=True),
    Counterfactual(
        "tests/unit/test_eager_start.py::test_eager_start_false_keeps_one_task_lazy_under_the_eager_factory",
        "tests/unit/test_eager_start.py", '"carrots"), eager_start=False)', '"carrots"))',
        "the second task not marked lazy", pyodide=True),
    Counterfactual(
        "tests/unit/test_loop_setup.py::test_the_factory_receives_create_tasks_keyword_arguments",
        "snippets/loop_setup.py", "    **options: Any,\n) -> asyncio.Task[Any]:\n",
        "    **options: Any,\n) -> asyncio.Task[Any]:\n    options.pop('name', None)\n",
        "the factory drops the name", pyodide=True),
    Counterfactual(
        "tests/unit/test_loop_setup.py::test_one_runner_runs_both_dishes_on_one_loop_with_its_factory",
        "snippets/loop_setup.py", "        print(runner.run(cook(\"rice\")))\n",
        "    with asyncio.Runner(loop_factory=kitchen_loop) as runner:\n"
        "        print(runner.run(cook(\"rice\")))\n",
        "the second dish on a loop of its own", pyodide=True),
]


# Tests of the built site need four cold builds each (tests/site/test_load.py): these
# changes touch different parts, so `--site` makes them all in one scratch copy, builds it
# once, and checks that each test fails, for its own reason (read the failures).
SITE_COUNTERFACTUALS = [
    Counterfactual(
        "tests/site/test_site.py::test_runs_compared_side_by_side_share_one_clock",
        "tasksdocs/pictures/figures.py", "drawn.lanes, drawn.title, axes[drawn.group],",
        "drawn.lanes, drawn.title, timeline.Axis(timeline.span_of(drawn.lanes), "
        "axes[drawn.group].label_chars),", "each timeline on a clock of its own", site=True),
    Counterfactual(
        "tests/site/test_load.py::test_four_cold_builds_at_once_all_succeed_and_the_machine_"
        "stays_usable", SCALE, "TASK_COUNTS = (1_000, 10_000, 100_000)",
        "TASK_COUNTS = (1_000, 10_000)", "tasks measured only up to 10,000", site=True),
    Counterfactual(
        "tests/browser/test_timelines.py::test_the_replay_steps_through_the_article_example",
        "docs/javascripts/replay.js", 'span.classList.toggle("replay-waiting-line", '
        "waitingOn.has(index + 1));", 'span.classList.toggle("replay-waiting-line", '
        "waitingOn.has(index));", "the waiting line marked one line off", site=True),
    Counterfactual(
        "tests/browser/test_runs.py::test_nothing_of_python_loads_before_run_and_the_example_"
        "runs_as_published", "docs/javascripts/run.js", "`[${data.at.toFixed(2)} s]",
        "`[${(0).toFixed(2)} s]", "every line of a browser run stamped 0.00 s", site=True),
]


def scratch_copy(into: Path) -> None:
    """The project's tracked files, as they are now, and Pyodide's own files to read."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    if (ROOT / "node_modules").is_dir():  # Pyodide itself, only read
        (into / "node_modules").symlink_to(ROOT / "node_modules")


def pytest_command(project: Path, tests: list[str], pyodide: bool) -> list[str]:
    if pyodide:  # Pyodide sees only the folder it runs in: the wheels go there
        shutil.copytree(ROOT / PYODIDE_WHEELS, project / PYODIDE_WHEELS, dirs_exist_ok=True)
        runner = project / "tasksdocs" / "runner" / "pyodide_python.mjs"
        return ["node", "--liftoff-only", str(runner), "tests/in_pyodide.py", PYODIDE_WHEELS,
                "pytest", "-q", *tests]
    return [sys.executable, "-m", "pytest", "-q", *tests]


def run_tests(project: Path, tests: list[str], pyodide: bool,
              timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(pytest_command(project, tests, pyodide), cwd=project, text=True,
                          capture_output=True, timeout=timeout, check=False)


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or ["?"])[-1]


def apply(case: Counterfactual, project: Path) -> str:
    """Make the change in `project`; "" if done, else why it could not be made."""
    changed = project / case.path
    text = changed.read_text("utf-8")
    if text.count(case.old) != 1:
        return (f"{case.test}: {case.path} holds {text.count(case.old)} copies of the text to "
                "change, not one: update this case")
    changed.write_text(text.replace(case.old, case.new), "utf-8")
    return ""


def check_site(folder: Path) -> list[str]:
    """Every site counterfactual at once, in one scratch copy built once; each test must fail."""
    project = folder / "site"
    scratch_copy(project)
    problems = [p for case in SITE_COUNTERFACTUALS if (p := apply(case, project))]
    if problems:
        return problems
    done = run_tests(project, ["-rf", *(c.test for c in SITE_COUNTERFACTUALS)], False,
                     timeout=3600)
    print(done.stdout, flush=True)
    failed = set(re.findall(r"^FAILED (\S+)", done.stdout, re.M))
    return [f"{case.test} with {case.why}: did not fail" for case in SITE_COUNTERFACTUALS
            if not any(f.startswith(case.test) for f in failed)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-pyodide", action="store_true",
                        help="leave out the 3.14 cases (no Node or Pyodide here)")
    parser.add_argument("--site", action="store_true",
                        help="only the built site's cases, in one build (several minutes)")
    parser.add_argument("--only", default="", help="only the cases whose test names this")
    options = parser.parse_args()
    if sys.version_info[:2] != (3, 13):
        print("note: the cases at a version boundary are written for 3.13, which "
              "`make mutation` uses; on this Python some of them cannot fail", flush=True)
    chosen = [] if options.site else [
        c for c in COUNTERFACTUALS if not (c.pyodide and options.no_pyodide)
        and options.only in c.test]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="counterfactuals-") as folder:
        if options.site:
            problems = check_site(Path(folder))
            chosen = SITE_COUNTERFACTUALS
        base = Path(folder) / "unchanged"
        scratch_copy(base)
        for pyodide in (False, True):
            tests = sorted({c.test for c in chosen if c.pyodide == pyodide and not c.site})
            if tests and ((done := run_tests(base, tests, pyodide)).returncode != 0
                          or " skipped" in last_line(done)):
                problems.append(f"unchanged, these tests should pass: {last_line(done)}\n"
                                f"{done.stdout[-3000:]}{done.stderr[-2000:]}")
        for number, case in enumerate((c for c in chosen if not c.site), 1):
            project = Path(folder) / f"case-{number}"
            shutil.copytree(base, project)
            if problem := apply(case, project):
                problems.append(problem)
                continue
            done = run_tests(project, [case.test], case.pyodide)
            verdict = {0: "STILL PASSES", 1: "fails, as it should"}.get(
                done.returncode, f"could not run (exit {done.returncode})")
            if done.returncode == 0 and " skipped" in last_line(done):
                verdict = "skipped on this Python"
            print(f"{verdict:<22} {case.test.split('::')[-1]}  [{case.why}]  {last_line(done)}",
                  flush=True)
            if done.returncode != 1:
                problems.append(f"{case.test} with {case.why}: {verdict}\n{done.stdout[-2000:]}")
            shutil.rmtree(project)
    print(f"{len(chosen) - len(problems)} of {len(chosen)} counterfactuals made their test fail")
    for problem in problems:
        print(f"\nPROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Bad input fails the real `mkdocs build --strict` loudly, names where, and publishes nothing.

Each case builds a scratch site holding one page (`index.md`) with one block (`bad`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.helpers import BAD_PAGE, Build, assert_failed_loudly, published_output

pytestmark = pytest.mark.build

ScratchSite = Callable[..., Build]

CASES = {
    "raises": ('raise RuntimeError("boom")\n', "raised an exception", "RuntimeError: boom"),
    "exit-0": ("import sys\nsys.exit(0)\n", "called sys.exit", "sys.exit(0)"),
    "exit-1": ("import sys\nsys.exit(1)\n", "called sys.exit", "sys.exit(1)"),
    "cancelled-error-escapes": (
        "import asyncio\n\nasync def main() -> None:\n    raise asyncio.CancelledError\n\n"
        "asyncio.run(main())\n",
        "raised an exception", "CancelledError",
    ),
    "keyboard-interrupt": ("raise KeyboardInterrupt\n", "raised an exception", "KeyboardInterrupt"),
    "task-exception-never-retrieved": (
        "import asyncio\nimport gc\n\nasync def fail() -> None:\n    raise ValueError(1)\n\n"
        "async def main() -> None:\n    task = asyncio.create_task(fail())\n"
        "    await asyncio.sleep(0)\n    del task\n    gc.collect()\n\nasyncio.run(main())\n",
        "wrote to stderr", "Task exception was never retrieved",
    ),
    "coroutine-never-awaited": (
        "import asyncio\n\nasync def work() -> None:\n    pass\n\n"
        "async def main() -> None:\n    work()\n\nasyncio.run(main())\n",
        "wrote to stderr", "coroutine 'work' was never awaited",
    ),
    "pending-task-destroyed": (
        "import asyncio\nimport gc\n\n"
        "async def forever() -> None:\n    await asyncio.Event().wait()\n\n"
        "async def main() -> None:\n    asyncio.create_task(forever())\n"
        "    await asyncio.sleep(0)\n    gc.collect()\n\nasyncio.run(main())\n",
        "wrote to stderr", "Task was destroyed but it is pending!",
    ),
}


@pytest.mark.parametrize(("source", "reason", "detail"), CASES.values(), ids=CASES.keys())
def test_bad_snippet_fails_the_build(
    scratch_site: ScratchSite, source: str, reason: str, detail: str
) -> None:
    build = scratch_site({"docs/index.md": BAD_PAGE.format(options=""), "snippets/bad.py": source})
    assert_failed_loudly(build, reason, detail)


HANG = (
    "import asyncio\n\n"
    "async def wait_for_ever() -> None:\n"
    "    await asyncio.Event().wait()\n\n"
    "async def main() -> None:\n"
    '    waiter = asyncio.create_task(wait_for_ever(), name="waiter")\n'
    "    await waiter\n\n"
    "asyncio.run(main())\n"
)


def test_a_hang_fails_within_the_timeout_set_in_mkdocs_yml_and_lists_pending_tasks(
    scratch_site: ScratchSite,
) -> None:
    build = scratch_site(
        {"docs/index.md": BAD_PAGE.format(options=""), "snippets/bad.py": HANG}, timeout=2
    )
    assert_failed_loudly(
        build,
        "timed out",
        "still running after 2 s",
        "task 'waiter' (wait_for_ever) waiting at snippets/bad.py:4 in wait_for_ever",
        "(main) waiting at snippets/bad.py:8 in main")


def test_a_block_can_set_a_shorter_timeout(scratch_site: ScratchSite) -> None:
    page = BAD_PAGE.format(options=' timeout="1"')
    build = scratch_site({"docs/index.md": page, "snippets/bad.py": HANG})
    assert_failed_loudly(build, "still running after 1 s")


@pytest.mark.parametrize(
    "blocking", ["import time\ntime.sleep(60)\n", "while True:\n    pass\n"], ids=["sleep", "cpu"]
)
def test_blocking_without_awaiting_fails_within_the_timeout(
    scratch_site: ScratchSite, blocking: str
) -> None:
    build = scratch_site(
        {"docs/index.md": BAD_PAGE.format(options=""), "snippets/bad.py": blocking}, timeout=1
    )
    assert_failed_loudly(build, "timed out", 'the main thread is at (innermost last):\n'
                         '  File "snippets/bad.py", line''')


def test_the_default_timeout_is_at_most_30_seconds() -> None:
    from tasksdocs.mkdocs.options import TasksDocsConfig

    config = TasksDocsConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert 0 < config.timeout <= 30


def test_a_missing_include_fails_naming_the_page_and_the_file(scratch_site: ScratchSite) -> None:
    build = scratch_site({"docs/index.md": BAD_PAGE.format(options="")})
    assert build.returncode != 0
    assert "index.md" in build.log, build.log
    assert "snippets/bad.py" in build.log, build.log
    assert not build.published


@pytest.mark.parametrize(
    ("link", "complaint"),
    [("[gone](gone.md)", "gone.md"), ("[nowhere](#no-such-heading)", "#no-such-heading")],
    ids=["page", "anchor"],
)
def test_a_broken_link_fails_naming_the_page(
    scratch_site: ScratchSite, link: str, complaint: str
) -> None:
    build = scratch_site({"docs/index.md": f"# Links\n\nSee {link}.\n"})
    assert build.returncode != 0
    assert re.search(rf"index\.md.*{re.escape(complaint)}", build.log), build.log
    assert not build.published


def test_a_deliberate_warning_demo_passes_and_shows_the_warning(scratch_site: ScratchSite) -> None:
    source = CASES["task-exception-never-retrieved"][0]
    page = BAD_PAGE.format(options=' expect_stderr="Task exception was never retrieved"')
    build = scratch_site({"docs/index.md": page, "snippets/bad.py": source})
    assert build.returncode == 0, build.log
    html = (build.site / "index.html").read_text(encoding="utf-8")
    assert "Task exception was never retrieved" in html
    assert '<span class="filename">stderr</span>' in html


def test_a_demo_that_stops_producing_its_warning_fails(scratch_site: ScratchSite) -> None:
    page = BAD_PAGE.format(options=' expect_stderr="Task exception was never retrieved"')
    build = scratch_site({"docs/index.md": page, "snippets/bad.py": 'print("all fine")\n'})
    assert_failed_loudly(build, "should have written 'Task exception was never retrieved'")


def test_everything_written_to_stdout_appears_in_order(scratch_site: ScratchSite) -> None:
    source = (
        "import logging\nimport sys\n\n"
        'sys.stdout.write("first, by sys.stdout.write\\n")\n'
        "import this  # noqa: F401  - prints the Zen of Python from inside a module\n"
        'print("last, by print")\n'
        'logging.warning("to stderr")\n'
    )
    page = BAD_PAGE.format(options=' expect_stderr="WARNING:root:to stderr"')
    build = scratch_site({"docs/index.md": page, "snippets/bad.py": source})
    assert build.returncode == 0, build.log
    stdout, stderr = published_output((build.site / "index.html").read_text("utf-8"), "bad")
    first = stdout.index("first, by sys.stdout.write")
    zen = stdout.index("Beautiful is better than ugly.")
    last = stdout.index("last, by print")
    assert first < zen < last
    assert "WARNING:root:to stderr" in stderr

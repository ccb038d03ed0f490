"""Guards that keep pages, snippets and tests from drifting apart (no build needed)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tasksdocs.engine.process import STARTUP_LIMIT
from tasksdocs.engine.pythons import REQUIRES, SUPPORTED, requires_python
from tasksdocs.mkdocs.options import documented
from tasksdocs.mkdocs.runs import RERUN_PATIENCE
from tests.helpers import ROOT, SNIPPET_NAMES

pytestmark = pytest.mark.engine

DOCS = ROOT / "docs"
INCLUDE = re.compile(r'^\s*--8<--\s+"([^"]+)"', re.MULTILINE)
EXEC_BLOCK = re.compile(r'^\s*```python exec="on"([^\n]*)\n\s*--8<--\s+"([^"]+)"', re.MULTILINE)
BLOCK_ID = re.compile(r'\bid="([^"]+)"')


def page_includes() -> dict[str, list[str]]:
    return {
        page.relative_to(DOCS).as_posix(): INCLUDE.findall(page.read_text(encoding="utf-8"))
        for page in sorted(DOCS.rglob("*.md"))
    }


def test_snippets_exist() -> None:
    assert len(SNIPPET_NAMES) >= 9


def test_every_include_resolves() -> None:
    missing = [
        f"{page}: {path}"
        for page, paths in page_includes().items()
        for path in paths
        if not (ROOT / path).is_file()
    ]
    assert missing == []


def test_every_snippet_is_included_by_a_page() -> None:
    included = {path for paths in page_includes().values() for path in paths}
    assert [n for n in SNIPPET_NAMES if f"snippets/{n}.py" not in included] == []


def test_every_exec_block_is_named_after_the_snippet_it_includes() -> None:
    """The block id names the file, so build errors and the Source title point at it."""
    wrong = []
    for page in sorted(DOCS.rglob("*.md")):
        for options, path in EXEC_BLOCK.findall(page.read_text(encoding="utf-8")):
            block_id = BLOCK_ID.search(options)
            if block_id is None or f"snippets/{block_id[1]}.py" != path:
                wrong.append(f"{page.name}: {options.strip()} includes {path}")
    assert wrong == []


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_every_snippet_has_a_test_module_that_imports_it(name: str) -> None:
    test_module = ROOT / "tests" / "unit" / f"test_{name}.py"
    assert test_module.is_file(), f"add {test_module.relative_to(ROOT)}"
    tree = ast.parse(test_module.read_text(encoding="utf-8"))
    imported = {
        f"{node.module}.{alias.name}" if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert f"snippets.{name}" in imported


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_every_snippet_is_a_runnable_program(name: str) -> None:
    source = (ROOT / "snippets" / f"{name}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = {n.name for n in tree.body if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)}
    assert "main" in functions
    assert 'if __name__ == "__main__":' in source


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_every_snippet_declares_its_minimum_python_on_line_one(name: str) -> None:
    first_line = (ROOT / "snippets" / f"{name}.py").read_text(encoding="utf-8").splitlines()[0]
    assert REQUIRES.fullmatch(first_line), first_line
    assert requires_python(first_line) in SUPPORTED


NODE_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def listed_tests() -> list[tuple[str, str, str]]:
    """Every `tests/<file>.py::<test>` a page's "What the tests check" names."""
    return [(page.name, found[1], found[2])
            for page in sorted((ROOT / "docs").glob("*.md"))
            for found in NODE_ID.finditer(page.read_text(encoding="utf-8"))]


def collected_tests() -> set[str]:
    """Every test pytest collects, as `path::name` (parameters dropped)."""
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return {line.split("[")[0] for line in done.stdout.splitlines() if "::" in line}


def test_pages_name_tests_that_pytest_collects() -> None:
    """A page's "What the tests check" table names tests by pytest node id; each must be
    collected, so a renamed, deleted or uncollectable test fails here."""
    listed = listed_tests()
    assert len(listed) >= 100
    collected = collected_tests()
    assert [f"{page}: {path}::{name}" for page, path, name in listed
            if f"{path}::{name}" not in collected] == []


def teaching_pages() -> list[str]:
    """Every page in the nav except the home page, the cheat sheet and the build report."""
    nav = re.findall(r"^  - [^:]+: (\S+\.md)$", (ROOT / "mkdocs.yml").read_text("utf-8"),
                     re.MULTILINE)
    return [page for page in nav
            if page not in {"index.md", "cheat-sheet.md", "about.md", "build-report.md"}]


@pytest.mark.parametrize("page", teaching_pages())
def test_every_teaching_page_ends_with_what_the_tests_check(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    headings = re.findall(r"^##+ (.+?)(?: \{[^}]*\})?$", text, re.MULTILINE)
    assert headings[-1] == "What the tests check"
    last_section = text[text.rindex("What the tests check"):]
    assert NODE_ID.search(last_section), f"{page}: the table names no test"


def test_the_home_page_guides_to_every_page() -> None:
    guide = (DOCS / "index.md").read_text(encoding="utf-8")
    assert [p for p in [*teaching_pages(), "cheat-sheet.md"] if f"]({p})" not in guide] == []


def test_no_page_mentions_an_article_readers_never_saw() -> None:
    assert [page.name for page in DOCS.glob("*.md")
            if re.search(r"\barticle\b", page.read_text(encoding="utf-8"))] == []


def test_the_readme_documents_every_block_option_as_declared() -> None:
    """The README's table of block options is `tasksdocs.mkdocs.options`, row for row."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\s*\| `(\w+)` \| (.+?) \|$", readme, re.MULTILINE)
    assert rows == documented()


def test_no_module_over_300_lines_and_no_function_over_50() -> None:
    """The structure's rule (issue 24): a module that grows past it is split by its jobs.
    (This session's additions took plugin.py to 321 lines and format_block to 54, and
    nothing noticed.)"""
    too_long = []
    for path in sorted((ROOT / "tasksdocs").rglob("*.py")):
        text = path.read_text("utf-8")
        if text.count("\n") > 300:
            too_long.append(f"{path.name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 50:
                    too_long.append(f"{path.name}: {node.name}() {length} lines")
    assert too_long == []


def test_the_readme_gives_the_engines_limits_as_they_are() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"waiting at most {RERUN_PATIENCE / 60:g} minutes" in readme
    assert f"has its own limit, {STARTUP_LIMIT:g} s" in readme


def swallowed_cancellations(source: str) -> list[int]:
    """Lines where a handler catches CancelledError (or everything) and carries on: it
    neither re-raises unconditionally nor re-raises when `cancelling()` shows that the
    cancellation is the current task's own; and every `suppress(CancelledError)`."""

    def catches_cancellation(node: ast.expr | None) -> bool:
        if node is None:
            return True  # a bare except
        if isinstance(node, ast.Tuple):
            return any(catches_cancellation(element) for element in node.elts)
        name = ast.unparse(node)
        return name.endswith("CancelledError") or name == "BaseException"

    def lets_own_through(handler: ast.ExceptHandler) -> bool:
        if any(isinstance(statement, ast.Raise) for statement in handler.body):
            return True
        return any(isinstance(statement, ast.If) and ".cancelling()" in ast.unparse(statement.test)
                   and any(isinstance(inner, ast.Raise) for inner in statement.body)
                   for statement in handler.body)

    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.ExceptHandler) and catches_cancellation(node.type)
                and not lets_own_through(node)):
            found.append(node.lineno)
        if (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("suppress")
                and any(catches_cancellation(arg) for arg in node.args)):
            found.append(node.lineno)
    return found


def test_examples_let_their_own_cancellation_through() -> None:
    """Snippets teach habits: only a `*_bug.py` demo may swallow a cancellation (on 8450d6c
    cancel_cleanup.py and operations_cancel.py caught it around `await task` and carried
    on, even when the awaiting task itself was being cancelled)."""
    found = {path.name: lines for path in sorted((ROOT / "snippets").glob("*.py"))
             if not path.stem.endswith("_bug")
             and (lines := swallowed_cancellations(path.read_text("utf-8")))}
    assert found == {}


def test_the_habit_check_finds_a_swallowed_cancellation() -> None:
    carries_on = ("async def main(task):\n    try:\n        await task\n"
                  "    except asyncio.CancelledError:\n        print('gone')\n")
    check_first = "        if asyncio.current_task().cancelling():\n            raise\n"
    own_check = carries_on.replace("        print('gone')", check_first + "        print('gone')")
    assert swallowed_cancellations(carries_on) == [4]
    assert swallowed_cancellations(own_check) == []
    assert swallowed_cancellations("with contextlib.suppress(asyncio.CancelledError):\n    pass\n")
    bug = (ROOT / "snippets" / "swallow_cancel_bug.py").read_text("utf-8")
    assert swallowed_cancellations(bug)  # the demo of the trap is found, and allowed


def test_nothing_installed_or_built_is_tracked() -> None:
    """A symlink named node_modules was once committed (the ignore rule `node_modules/`
    matches only a folder), and a checkout of it left the real folder a link to itself."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    installed = ("node_modules", ".venv", ".nox", "site", ".cache", "mutants")
    assert [path for path in tracked if path.split("/")[0] in installed] == []


def third_party_imports(path: Path) -> set[str]:
    """The packages a module imports when it is imported (not in a function, nor only for
    type checking) that are neither the standard library nor this project's own."""
    names = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", "snippets", "tests",
                                                    "tasksdocs"}


def test_what_make_serve_installs_can_run_every_snippets_test() -> None:
    """The build checks each output with its snippet's test (in its checker process), so the
    requirements marked [serve] must hold whatever those tests import."""
    serve = {line.split("==")[0].lower() for line in
             (ROOT / "requirements.txt").read_text("utf-8").splitlines()
             if "[serve]" in line and "==" in line}
    distributions = importlib.metadata.packages_distributions()
    modules = [ROOT / "tests" / "helpers.py", *sorted((ROOT / "tests" / "unit").glob("*.py"))]
    wanted = {name: {d.lower() for d in distributions.get(name, [name])}
              for module in modules for name in third_party_imports(module)}
    assert {name for name, found in wanted.items() if not found & serve} == set()


def test_the_testing_page_quotes_the_article_test_as_it_is() -> None:
    page = (ROOT / "docs" / "testing-tasks.md").read_text("utf-8")
    quoted = page.split("```text\n", 1)[1].split("```", 1)[0]
    assert quoted.startswith("async def test_tasks_start_only_when_main_awaits")
    assert quoted in (ROOT / "tests" / "unit" / "test_article_example.py").read_text("utf-8")


def test_every_claim_on_a_page_is_in_the_ledger() -> None:
    """tests/ledger.md lists each row of every 'What the tests check' table, with the
    evidence that its test can fail; a new claim needs its entry."""
    ledger = (ROOT / "tests" / "ledger.md").read_text("utf-8")
    missing = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        table = page.read_text("utf-8").partition("## What the tests check")[2]
        for claim in re.findall(r"^\| (.+?) \| `", table, re.M):
            if f"| {page.name} | {claim} |" not in ledger:
                missing.append(f"{page.name}: {claim}")
    assert missing == []


def test_mypy_reports_the_forgotten_coroutine(tmp_path: Path) -> None:
    """Debug mode page: mypy reports the never-awaited call as an unused coroutine. The
    snippet silences exactly that error; without the comment, mypy --strict fails on it
    (and with the comment, the lint session's --strict would fail if it were unneeded)."""
    snippet = (ROOT / "snippets" / "never_awaited_bug.py").read_text("utf-8")
    assert snippet.count("  # type: ignore[unused-coroutine]") == 1
    bare = tmp_path / "never_awaited_bug.py"
    bare.write_text(snippet.replace("  # type: ignore[unused-coroutine]", ""), "utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bare)],
        capture_output=True, text=True, timeout=300, check=False)
    assert checked.returncode == 1
    assert re.search(r"never_awaited_bug\.py:\d+: error: .* \[unused-coroutine\]",
                     checked.stdout), checked.stdout


@pytest.mark.parametrize("page", ["about.md", "cheat-sheet.md"])
def test_the_pages_name_every_example_that_does_not_run_everywhere(page: str) -> None:
    """About and the cheat sheet list, by file, the examples that need a newer Python or
    what WebAssembly lacks, as the snippets' own headers declare (on 0610855 both pages said
    "two examples that need threads" after a third, and two needing signals, had come)."""
    from tasksdocs.engine.pythons import needs

    text = " ".join((ROOT / "docs" / page).read_text("utf-8").split())
    by_need: dict[str, list[str]] = {}
    by_version: dict[tuple[int, ...], list[str]] = {}
    for name in SNIPPET_NAMES:
        source = (ROOT / "snippets" / f"{name}.py").read_text("utf-8")
        for need in needs(source):
            by_need.setdefault(need, []).append(f"`{name}.py`")
        by_version.setdefault(requires_python(source), []).append(f"`{name}.py`")
    assert sorted(by_need) == ["signals", "threads"]
    for need, names in by_need.items():
        assert f"{need} ({', '.join(names)})" in text, (need, names)
    assert "`start_eager.py` from 3.12" in text
    assert by_version[(3, 12)] == ["`start_eager.py`"]
    assert "`as_completed_async_for.py` and `queue_shutdown.py` from 3.13" in text
    assert by_version[(3, 13)] == ["`as_completed_async_for.py`", "`queue_shutdown.py`"]
    assert "the four examples of [New in Python 3.14]" in text
    assert len(by_version[(3, 14)]) == 4


def test_the_ledger_does_not_claim_pyodide_for_tests_skipped_there() -> None:
    """A claims test that Pyodide skips (no processes, no signals) is listed without 3.14."""
    tree = ast.parse((ROOT / "tests" / "test_claims.py").read_text("utf-8"))
    skipped = {f"tests/test_claims.py::{node.name}" for node in tree.body
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
               and any("IN_PYODIDE" in ast.unparse(d) for d in node.decorator_list)}
    assert len(skipped) >= 5
    wrong = []
    for row in (ROOT / "tests" / "ledger.md").read_text("utf-8").splitlines():
        cells = row.split(" | ")
        if len(cells) == 5 and cells[2].strip("`") in skipped and "Pyodide" in cells[3] \
                and "not Pyodide" not in cells[3]:
            wrong.append(cells[2])
    assert wrong == []

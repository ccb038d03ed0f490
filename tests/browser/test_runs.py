"""Running, editing and stopping the examples in the reader's browser (Pyodide, from the
site itself)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_playwright import CreateContextCallback

from tasksdocs.engine.process import OUTPUT_CAP
from tasksdocs.engine.pythons import pyodide, shown
from tests.helpers import ARTICLE_LINES

pytestmark = pytest.mark.browser

LOAD = 60_000  # ms: the first Run loads about 12 MB of Python into the browser
STAMPED = re.compile(r"^\[(\d+\.\d\d) s\] (.*)$")
FRAME = re.compile(r'^\s*File "[^"]+", line \d+, in .+$', re.MULTILINE)


def stamped_lines(page: Page, block: str) -> list[tuple[float, str]]:
    """A run's stdout: each line with the loop time it was stamped with."""
    output = page.locator(f'.snippet-block[data-block="{block}"] .run-output')
    lines = output.evaluate("o => [...o.childNodes].filter(n => n.nodeType === 3)"
                            ".map(n => n.textContent)")
    return [(float(m[1]), m[2]) for line in lines if (m := STAMPED.match(line.rstrip("\n")))]


def lines_of(page: Page, block: str) -> list[str]:
    return [text for _, text in stamped_lines(page, block)]


def stderr_of(page: Page, block: str) -> str:
    spans = page.locator(f'.snippet-block[data-block="{block}"] .run-output .run-stderr')
    return "".join(spans.all_text_contents())


def edit_article_example(base_url: str, page: Page) -> tuple[Locator, Locator, str]:
    """The article example's block in edit mode, its editor, and the file it holds."""
    page.goto(base_url + "/what-is-a-task/")
    block = page.locator('.snippet-block[data-block="article_example"]')
    block.get_by_role("button", name="Edit").click()
    editor = block.locator("textarea.run-editor")
    expect(editor).to_be_visible()  # Edit fetches the published file first
    original = editor.input_value()
    assert original.startswith("# requires-python: >=3.11")
    return block, editor, original


def test_nothing_of_python_loads_before_run_and_the_example_runs_as_published(
    base_url: str, page: Page,
) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(base_url + "/what-is-a-task/", wait_until="networkidle")
    assert not [url for url in urls if "/pyodide/" in url]
    block = page.locator('.snippet-block[data-block="article_example"]')
    for empty in (".run-output", ".run-status", ".run-loading"):  # no empty bar before a run
        expect(block.locator(empty)).to_be_hidden()
    block.get_by_role("button", name="Run in your browser").click()
    status = block.locator(".run-status")
    expect(status).to_contain_text("Loading Python 3.14 into your browser", timeout=LOAD)
    expect(block.locator("progress.run-loading")).to_be_visible()
    expect(status).to_have_text("Finished.", timeout=LOAD)
    expect(block.locator("progress.run-loading")).to_be_hidden()
    lines = lines_of(page, "article_example")
    assert lines[:-1] == [text for _, text in ARTICLE_LINES]
    assert re.fullmatch(r"Total time taken: \d+\.\d\d seconds", lines[-1])
    # stamped with loop time since asyncio.run started, as on the page: the first lines at
    # about 0 s (a loaded machine adds milliseconds) although loading Python took seconds
    moments = [at for at, _ in stamped_lines(page, "article_example")]
    assert all(at < 0.25 for at in moments[:3]), moments
    expected = [at for at, _ in ARTICLE_LINES]
    assert all(abs(got - want) < 0.5 for got, want in zip(moments, expected, strict=False))
    assert [url for url in urls if "/pyodide/" in url]  # loaded on Run, from this site
    assert {urlsplit(url).netloc for url in urls} == {urlsplit(base_url).netloc}  # only here
    expect(block.locator(".run-timeline svg.task-timeline")).to_have_count(1)
    expect(block.locator(".run-output")).to_have_attribute("role", "log")  # polite, live


def test_an_edit_changes_the_order_each_run_starts_afresh_and_reset_restores_the_file(
    base_url: str, page: Page, tmp_path: Path,
) -> None:
    """Each run has a Python of its own, as `python file.py` would (the task count starts
    again), and an error's traceback names the files as the page's outputs do."""
    block, editor, original = edit_article_example(base_url, page)
    name = '    print("main runs as", asyncio.current_task().get_name())\n'
    editor.fill(original.replace("process_item(1, 3)", "process_item(1, 0.1)")
                .replace("process_item(2, 1)", "process_item(2, 0.3)")
                .replace("    task1 = ", name + "    task1 = "))
    run = block.get_by_role("button", name="Run in your browser")
    run.click()
    expect(block.locator(".run-status")).to_contain_text("Finished", timeout=LOAD)
    lines = lines_of(page, "article_example")
    assert lines[0] == "main runs as Task-1"
    assert [line for line in lines if line.startswith("Fin")] == [
        "Finished processing item 1 after 0.1 seconds",
        "Finished processing item 2 after 0.3 seconds"]
    # the reader's own run, replayed: its steps are the edited program's
    replay = block.locator(".run-timeline .replay")
    expect(replay.locator(".replay-title")).to_have_text(
        "Replay of your run of article_example.py")
    expect(replay.locator(".replay-position")).to_contain_text(
        "main() runs for the first time and waits at line 23 (result1 = await task1); "
        "process_item(1, 0.1) and process_item(2, 0.3) become ready.")
    editor.fill(original.replace("    task1 = ", name + "    1 / 0\n    task1 = "))
    downloads: list[str] = []
    page.on("request", lambda r: downloads.append(r.url))
    run.click()
    expect(block.locator(".run-status")).to_contain_text("Ended with exit status 1",
                                                         timeout=LOAD)
    lines = lines_of(page, "article_example")
    assert lines == ["main runs as Task-1"]  # not Task-4: the first run's tasks are not counted
    assert [url for url in downloads if "/pyodide/" in url] == []  # kept from the first
    traceback = stderr_of(page, "article_example")
    assert "[" not in traceback.split("\n", 1)[0]  # as Python writes it: no time stamps
    assert traceback.rstrip().endswith("ZeroDivisionError: division by zero")
    # the frames a plain run of the same file shows, and no frame of the site's runner
    plain = plain_stderr(editor.input_value(), tmp_path)
    assert FRAME.findall(traceback) == FRAME.findall(plain)
    assert "traced.py" not in traceback
    block.get_by_role("button", name="Reset").click()
    assert editor.input_value() == original
    expect(block.locator(".run-output")).to_be_hidden()  # the edited run's output went too
    expect(block.locator(".run-timeline svg")).to_have_count(0)


def plain_stderr(source: str, project: Path) -> str:
    """stderr of `python snippets/article_example.py` holding `source`, on the 3.14 the
    browser runs, with paths shown as pages show them."""
    python = pyodide()
    assert python is not None
    (project / "snippets").mkdir()
    (project / "snippets" / "article_example.py").write_text(source, encoding="utf-8")
    done = subprocess.run([*python.command, "snippets/article_example.py"], cwd=project,
                          capture_output=True, text=True, timeout=120, check=False)
    return shown(done.stderr, python.output_rule(str(project)))


def test_a_flood_of_output_is_cut_where_the_build_cuts_it(base_url: str, page: Page) -> None:
    """300,000 printed lines kept the page busy for about two and a half minutes, and all of
    them were shown, where the page's Output tab keeps 200,000 bytes and says so."""
    block, editor, _ = edit_article_example(base_url, page)
    editor.fill("for _ in range(30_000):\n    print('x' * 99)\n")  # 100 bytes a line
    block.get_by_role("button", name="Run in your browser").click()
    expect(block.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    assert lines_of(page, "article_example") == ["x" * 99] * (OUTPUT_CAP // 100)
    expect(block.locator(".run-output .run-note")).to_have_text(
        f"(stdout truncated after {OUTPUT_CAP:,} bytes ({3_000_000 - OUTPUT_CAP:,} more "
        "bytes not shown))")


def test_stop_ends_a_long_run_and_run_works_again(base_url: str, page: Page) -> None:
    block, editor, original = edit_article_example(base_url, page)
    editor.fill(original.replace("process_item(1, 3)", "process_item(1, 600)"))
    run, stop = (block.get_by_role("button", name=n) for n in ("Run in your browser", "Stop"))
    run.click()
    expect(block.locator(".run-output")).to_contain_text("Starting to process item 1",
                                                         timeout=LOAD)
    stop.click()
    expect(block.locator(".run-status")).to_contain_text(
        "Stopped: above is what it printed until then")
    expect(block.locator(".run-output")).to_contain_text("Starting to process item 1")
    expect(run).to_be_focused()  # Stop is disabled now: the focus moves to Run, not the page
    expect(run).to_have_attribute("aria-disabled", "false")
    editor.fill(original.replace("process_item(1, 3)", "process_item(1, 0.1)"))  # quick
    run.click()
    expect(block.locator(".run-status")).to_contain_text("Finished", timeout=LOAD)
    assert "Finished processing item 1 after 0.1 seconds" in lines_of(page, "article_example")


def test_a_thread_example_explains_instead_of_offering_run(base_url: str, page: Page) -> None:
    page.goto(base_url + "/shared-state-and-threads/")
    block = page.locator('.snippet-block[data-block="threadsafe"]')
    expect(block.locator(".run-limit")).to_contain_text("needs threads")
    expect(block.get_by_role("button", name="Run in your browser")).to_have_count(0)


def test_run_keeps_the_focus_and_ctrl_enter_runs_the_editor(base_url: str, page: Page) -> None:
    block, editor, original = edit_article_example(base_url, page)
    run = block.get_by_role("button", name="Run in your browser")
    run.focus()
    page.keyboard.press("Enter")
    expect(block.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    expect(run).to_be_focused()  # a disabled button would have dropped it to the page
    edited = original.replace("process_item(1, 3)", "process_item(1, 0.2)")
    editor.fill(edited)
    editor.focus()
    page.keyboard.press("Control+Enter")
    expect(block.locator(".run-output")).to_contain_text("after 0.2 seconds", timeout=LOAD)
    expect(editor).to_be_focused()
    assert editor.input_value() == edited  # it ran; it did not add a line


def test_a_second_run_waits_its_turn_and_says_so(base_url: str, page: Page) -> None:
    page.goto(base_url + "/task-operations/")
    first, second = (page.locator(f'.snippet-block[data-block="{name}"]')
                     for name in ("operations_cancel", "operations_timeout"))
    first.get_by_role("button", name="Run in your browser").click()
    second.get_by_role("button", name="Run in your browser").click()
    expect(second.locator(".run-status")).to_contain_text(
        "Waiting for operations_cancel.py to finish")
    expect(first.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    expect(second.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    assert lines_of(page, "operations_timeout")


def test_python_stays_loaded_on_the_next_page(base_url: str, page: Page) -> None:
    """Material's instant navigation keeps this script, and so its worker: the next page's
    first Run loads nothing and says nothing of loading."""
    page.goto(base_url + "/what-is-a-task/", wait_until="networkidle")  # the sitemap too
    block = page.locator('.snippet-block[data-block="article_example"]')
    block.get_by_role("button", name="Run in your browser").click()
    expect(block.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    page.evaluate("window.stillThisDocument = true")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.locator(".md-nav__link[href*='results-errors']").first.click()
    page.wait_for_url("**/results-errors-callbacks/")
    assert page.evaluate("window.stillThisDocument") is True  # not a full page load
    block = page.locator('.snippet-block[data-block="never_retrieved_fix"]')
    block.get_by_role("button", name="Run in your browser").click()
    expect(block.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
    assert [url for url in requests if "/pyodide/" in url] == []


def test_a_share_link_opens_the_edit_ready_to_run(
    base_url: str, page: Page, new_context: CreateContextCallback,
) -> None:
    block, editor, original = edit_article_example(base_url, page)
    edited = original.replace("process_item(2, 1)", "process_item(2, 0.5)")
    editor.fill(edited)
    block.get_by_role("button", name="Copy a link to this edit").click()
    expect(block.locator(".run-status")).to_contain_text("link to this edit")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url
    assert "#edit=article_example:" in link
    other = new_context().new_page()
    other.goto(link)
    shared = other.locator('.snippet-block[data-block="article_example"]')
    expect(shared.locator("textarea.run-editor")).to_have_value(edited)
    expect(shared.locator(".run-status")).to_contain_text("from a shared link")
    shared.get_by_role("button", name="Run in your browser").click()
    expect(shared.locator(".run-output")).to_contain_text("after 0.5 seconds", timeout=LOAD)

"""Running, editing and stopping the examples in the reader's browser (Pyodide, from the
site itself)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.unit.test_article_example import EXPECTED as ARTICLE_LINES

pytestmark = pytest.mark.browser

LOAD = 60_000  # ms: the first Run loads about 10 MB of Python into the browser


def lines_of(page: Page, block: str) -> list[str]:
    text = page.locator(f'.snippet-block[data-block="{block}"] .run-output').inner_text()
    return [line.split("] ", 1)[1] for line in text.splitlines() if "] " in line]


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
    block.get_by_role("button", name="Run in your browser").click()
    status = block.locator(".run-status")
    expect(status).to_contain_text("Finished", timeout=LOAD)
    lines = lines_of(page, "article_example")
    assert lines[:-1] == [text for _, text in ARTICLE_LINES]
    assert lines[-1].startswith("Total time taken: 3.0")
    # each line arrived as it was printed: stamped about when the virtual-clock test says
    text = block.locator(".run-output").inner_text()
    moments = [float(line[1:line.index(" s]")]) for line in text.splitlines()]
    expected = [at for at, _ in ARTICLE_LINES]
    assert all(abs(got - want) < 0.5 for got, want in zip(moments, expected, strict=False))
    assert [url for url in urls if "/pyodide/" in url]  # loaded on Run, from this site
    assert {urlsplit(url).netloc for url in urls} == {urlsplit(base_url).netloc}  # only here
    expect(block.locator(".run-timeline svg.task-timeline")).to_have_count(1)
    expect(block.locator(".run-output")).to_have_attribute("role", "log")  # polite, live


def test_an_edit_changes_the_order_each_run_starts_afresh_and_reset_restores_the_file(
    base_url: str, page: Page,
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
    editor.fill(original.replace("    task1 = ", name + "    1 / 0\n    task1 = "))
    downloads: list[str] = []
    page.on("request", lambda r: downloads.append(r.url))
    run.click()
    expect(block.locator(".run-status")).to_contain_text("Ended with exit status 1",
                                                         timeout=LOAD)
    lines = lines_of(page, "article_example")
    assert lines[0] == "main runs as Task-1"  # not Task-4: the first run's tasks are not counted
    assert [url for url in downloads if url.endswith(".wasm")] == []  # kept from the first
    traceback = "\n".join(lines[1:])
    assert 'File "snippets/article_example.py", line' in traceback
    assert 'File "<python>/lib/python3.14/asyncio/runners.py", line' in traceback
    assert traceback.endswith("ZeroDivisionError: division by zero")
    block.get_by_role("button", name="Reset").click()
    assert editor.input_value() == original


def test_stop_ends_a_long_run_and_run_works_again(base_url: str, page: Page) -> None:
    block, editor, original = edit_article_example(base_url, page)
    editor.fill(original.replace("process_item(1, 3)", "process_item(1, 600)"))
    run, stop = (block.get_by_role("button", name=n) for n in ("Run in your browser", "Stop"))
    run.click()
    expect(block.locator(".run-output")).to_contain_text("Starting to process item 1",
                                                         timeout=LOAD)
    stop.click()
    expect(block.locator(".run-status")).to_contain_text("Stopped")
    expect(run).to_be_enabled()
    editor.fill(original.replace("process_item(1, 3)", "process_item(1, 0.1)"))  # quick
    run.click()
    expect(block.locator(".run-status")).to_contain_text("Finished", timeout=LOAD)
    assert "Finished processing item 1 after 0.1 seconds" in lines_of(page, "article_example")


def test_a_thread_example_explains_instead_of_offering_run(base_url: str, page: Page) -> None:
    page.goto(base_url + "/shared-state-and-threads/")
    block = page.locator('.snippet-block[data-block="threadsafe"]')
    expect(block.locator(".run-limit")).to_contain_text("needs threads")
    expect(block.get_by_role("button", name="Run in your browser")).to_have_count(0)

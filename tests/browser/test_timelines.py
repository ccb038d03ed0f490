"""The task timelines and replays, as readers see them in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright import CreateContextCallback

from tests.helpers import Build, axe_violations, sitemap_paths

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 11
OVERFLOW = """() => [...document.querySelectorAll("svg.task-timeline, svg.scale-plot")]
  .flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  const drawnAt = box.width / svg.viewBox.baseVal.width;  // < 1 if the figure was shrunk
  return [...svg.querySelectorAll("text")].filter((t) => t.getClientRects().length)
    .flatMap((t) => {
      const r = t.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(t).fontSize) * drawnAt;
      const out = r.left < box.left - 0.5 || r.right > box.right + 0.5
        || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
      return out || size < MIN ? [`${t.textContent}: ${size}px, outside=${out}`] : [];
    });
})""".replace("MIN", str(MIN_TEXT_PX))


def test_no_timeline_text_is_clipped_or_smaller_than_11_px(
    site: Build, base_url: str, new_context: CreateContextCallback,
) -> None:
    """On a desktop and on a phone: each page is measured at both widths, resized in place
    (the figures' layout is CSS, which follows the viewport)."""
    context = new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems, figures = {}, 0
    for path in sitemap_paths(site):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base_url + path)
        figures += page.locator("svg.task-timeline").count()
        # hidden print texts appear on hover and focus: show them all to measure them
        page.add_style_tag(content=".task-timeline .print-text { visibility: visible; }")
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            if found := page.evaluate(OVERFLOW):
                problems[f"{path} at {width} px"] = found
    assert figures >= 20
    assert problems == {}


def test_a_print_mark_shows_its_line_on_keyboard_focus(base_url: str, page: Page) -> None:
    page.goto(base_url + "/what-is-a-task/")
    mark = page.locator("svg.task-timeline .print").first
    text = mark.locator(".print-text")
    expect(text).to_be_hidden()
    mark.focus()
    expect(text).to_be_visible()
    expect(text).to_have_text("Tasks are now running in the background!")


def test_the_replay_steps_through_the_article_example(base_url: str, page: Page) -> None:
    page.goto(base_url + "/what-is-a-task/")
    replay = page.locator('.snippet-block[data-block="article_example"] .replay')
    state, position = replay.locator(".replay-state"), replay.locator(".replay-position")
    expect(position).to_have_attribute("aria-live", "polite")
    expect(position).to_contain_text("Step 1 of")
    expect(state).to_contain_text("Runningmain()")
    expect(state).to_contain_text("Ready, in orderprocess_item(1, 3), then process_item(2, 1)")
    replay.get_by_role("button", name="Next step").click()  # main has awaited task1
    expect(position).to_contain_text("Step 2 of")
    expect(state).to_contain_text("main(), at line 22 (result1 = await task1)")
    expect(state).to_contain_text("Runningprocess_item(1, 3)")
    expect(state).to_contain_text("Ready, in orderprocess_item(2, 1)")
    expect(state).to_contain_text("Timers3.00 s: process_item(1, 3) wakes up")
    expect(state).to_contain_text("Printed so farTasks are now running in the background!")
    waiting = page.locator('.snippet-block[data-block="article_example"] .replay-waiting-line')
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("result1 = await task1")
    replay.get_by_role("button", name="Next step").click()
    expect(state).to_contain_text("process_item(1, 3), at line 10 (await asyncio.sleep(delay))")
    replay.get_by_role("button", name="Previous step").click()
    expect(position).to_contain_text("Step 2 of")
    # one sentence a step; the keyboard steps; the running task's line has its own mark
    page.keyboard.press("Home")
    expect(position).to_contain_text(re.compile(
        r"Step 1 of 6, at 0\.\d\d s: main\(\) runs for the first time and waits at line 22 "
        r"\(result1 = await task1\); process_item\(1, 3\) and process_item\(2, 1\) become ready\."))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(position).to_contain_text(re.compile(  # at about 1 s: the page's real run
        r"Step 4 of 6, at 1\.\d\d s: process_item\(2, 1\) runs from line 10 and returns "
        r"'Result for item 2'\."))
    running = page.locator('.snippet-block[data-block="article_example"] .replay-running-line')
    expect(running).to_have_count(1)
    expect(running).to_contain_text("await asyncio.sleep(delay)")
    expect(state.locator("dd.replay-changed").first).to_be_visible()  # what changed is marked
    page.keyboard.press("End")
    expect(position).to_contain_text("Step 6 of 6")
    expect(state).to_contain_text("Donemain() (returned ('Result for item 1', 'Result for item 2'))"
                                  "\nprocess_item(1, 3) (returned 'Result for item 1')")


ON_SCREEN = """(block) => {
  const top = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const replay = block.querySelector(".replay").getBoundingClientRect();
  const lines = [...block.querySelectorAll(".replay-running-line, .replay-waiting-line")]
    .map((line) => line.getBoundingClientRect());
  return {replay: replay.top >= top && replay.bottom <= innerHeight,
          lines: lines.length > 0 && lines.every((r) => r.top >= top && r.bottom <= replay.top)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_source_and_the_replay_are_on_screen_together(
    base_url: str, new_context: CreateContextCallback, scheme: str,
) -> None:
    """At 1280x900, from the first step the reader takes: the replay is pinned to the foot
    of the screen, and every marked line of the Source is in view above it (on 09194a5 the
    replay sat below the figure, a screen away from the code), with its text still at AA
    contrast (a tinted mark once lowered a keyword's). Unpin lets it go."""
    context = new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url + "/what-is-a-task/")
    block = page.locator('.snippet-block[data-block="article_example"]')
    replay = block.locator(".replay")
    replay.get_by_role("button", name="Next step").click()
    seen = [block.evaluate(ON_SCREEN)]
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        seen.append(block.evaluate(ON_SCREEN))
    assert seen == [{"replay": True, "lines": True}] * 5
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # step 4: a running line and two waiting lines
    assert block.locator(".replay-running-line").count() == 1
    assert block.locator(".replay-waiting-line").count() == 2
    assert axe_violations(page, "color-contrast") == []
    expect(replay).to_have_class(re.compile("replay-pinned"))
    replay.get_by_role("button", name="Unpin").click()
    expect(replay).not_to_have_class(re.compile("replay-pinned"))


def test_the_replay_is_a_table_without_javascript(
    base_url: str, new_context: CreateContextCallback,
) -> None:
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/what-is-a-task/")
    table = page.locator('.snippet-block[data-block="article_example"] .replay-table')
    table.locator("summary").click()
    expect(table.locator("tbody tr").nth(1)).to_contain_text("main() at line 22")
    expect(table.locator("tbody tr").first).to_contain_text("main() runs for the first time")


CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const v = rgb(c).map((x) => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (h + 0.05) / (l + 0.05); };
  const background = getComputedStyle(document.querySelector(".md-main")).backgroundColor
    .startsWith("rgba(0, 0, 0, 0)")
    ? getComputedStyle(document.body).backgroundColor
    : getComputedStyle(document.querySelector(".md-main")).backgroundColor;
  const paint = { ".brief": "stroke", ".alive": "stroke", ".print path": "fill",
                  "text": "fill", ".mark-done": "fill", ".axis line": "stroke" };
  return Object.entries(paint).map(([selector, property]) => {
    const element = document.querySelector(`svg.task-timeline ${selector}`);
    return [selector, Math.round(ratio(getComputedStyle(element)[property], background) * 10) / 10];
  });
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_timeline_colours_keep_3_to_1_contrast_in_both_schemes(
    base_url: str, page: Page, scheme: str,
) -> None:
    page.goto(base_url + "/what-is-a-task/")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    ratios = dict(page.evaluate(CONTRAST))
    assert len(ratios) == 6
    assert all(ratio >= 3 for ratio in ratios.values()), ratios


def test_figures_fit_at_1280_and_show_a_cue_where_they_scroll_on_a_phone(
    site: Build, base_url: str, page: Page,
) -> None:
    """On 8450d6c each dinner figure showed 332 px of a 548 px drawing at 1280 px, so both
    stopped at about 1.2 s and "4 s against 3 s" was off screen."""
    measure = """() => [...document.querySelectorAll('.timeline-scroll')].map(s => [
        s.getAttribute('aria-label'), s.scrollWidth - s.clientWidth,
        getComputedStyle(s).backgroundImage.includes('gradient')])"""
    wide, silent = [], []
    for path in sitemap_paths(site):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base_url + path)
        wide += [(path, label, extra) for label, extra, _ in page.evaluate(measure) if extra > 0]
        page.set_viewport_size({"width": 390, "height": 844})
        silent += [(path, label) for label, extra, cue in page.evaluate(measure)
                   if extra > 0 and not cue]
    assert wide == []
    assert silent == []

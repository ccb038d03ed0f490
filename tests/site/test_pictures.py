"""Every timeline on every built page, read as a picture: each drawn fact must be the
recorded one. (The recorder's own tests, in tests/test_timeline.py, check the recording.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import Build

pytestmark = pytest.mark.build

SVG = "{http://www.w3.org/2000/svg}"
MARK = re.compile(r"M([\d.]+) ")


def figures(site: Build) -> list[tuple[str, ET.Element]]:
    found = []
    for page in sorted(site.site.rglob("index.html")):
        text = page.read_text("utf-8")
        for svg in re.findall(r'<svg class="task-timeline".*?</svg>', text, re.S):
            found.append((str(page.parent.relative_to(site.site)), ET.fromstring(svg)))
    return found


def test_every_print_mark_sits_inside_its_tasks_lifetime(built_site: Build) -> None:
    """On 8450d6c marks of short runs were drawn at a moment rounded to the millisecond:
    "A step 1" before worker A existed."""
    outside = []
    for page, svg in figures(built_site):
        for lane in svg.iter(f"{SVG}g"):
            kinds = lane.get("class", "").split()
            if "lane" not in kinds or "lane-summary" in kinds:
                continue
            alive = lane.find(f"{SVG}line[@class='alive']")
            assert alive is not None
            start, end = float(alive.get("x1", 0)), float(alive.get("x2", 0))
            prints = [g for g in lane.iter(f"{SVG}g") if g.get("class") == "print"]
            for mark in (path for g in prints for path in g.iter(f"{SVG}path")):
                x = float(MARK.match(mark.get("d", ""))[1])  # type: ignore[index]
                if not start - 0.5 <= x <= end + 0.5:
                    label = lane.find(f"{SVG}text/{SVG}title")
                    outside.append((page, label.text if label is not None else "?", x, start))
    assert outside == []


def test_every_axis_has_at_least_three_labelled_ticks(built_site: Build) -> None:
    few = [(page, svg.findtext(f"{SVG}title")) for page, svg in figures(built_site)
           if len([t for t in svg.iter(f"{SVG}text")
                   if (t.text or "").replace(".", "").isdigit()]) < 3]
    assert few == []


def test_eager_tasks_are_drawn_from_their_creation(built_site: Build) -> None:
    """An eager task starts inside create_task: on 8450d6c the figure said process_item(2, 1)
    was "created at 1.00 s", and drew its first line on main's lane."""
    (svg,) = [svg for page, svg in figures(built_site) if page == "when-tasks-start"
              and "start_eager" in (svg.findtext(f"{SVG}title") or "")]
    description = svg.findtext(f"{SVG}desc") or ""
    lives = {name: (float(created), float(done)) for name, created, done in re.findall(
        r"(process_item\(\d, \d\)): created at ([\d.]+) s, .*?, done at ([\d.]+) s",
        description)}
    # both inside main's first step, at 0 s on a quiet machine (a loaded build is later by
    # as much as its first step is), so each is created at least its 1 s sleep before it is
    # done; the old figure's 1.00 s for process_item(2, 1) was its next step, its last
    assert set(lives) == {"process_item(1, 3)", "process_item(2, 1)"}, description
    assert all(created <= done - 0.9 for created, done in lives.values()), description
    marks = {lane.find(f"{SVG}text/{SVG}title").text: [  # type: ignore[union-attr]
        g.get("aria-label", "") for g in lane.iter(f"{SVG}g") if g.get("class") == "print"]
        for lane in svg.iter(f"{SVG}g") if "lane" in lane.get("class", "").split()}
    assert any("Starting to process item 2" in mark for mark in marks["process_item(2, 1)"])
    assert not any("Starting" in mark for mark in marks["main()"])


def test_a_replay_says_how_each_task_ended(built_site: Build) -> None:
    """On 8450d6c "Done" listed names only: taskgroup_errors' cancelled task and
    cancel_cleanup's cancelled download read like the tasks that returned. Each says how
    it ended, with the value returned or the exception raised."""
    def done_column(page: str, block: str) -> str:
        text = (built_site.site / page / "index.html").read_text("utf-8")
        replay = text[text.index(f'data-block="{block}"'):].split('class="replay-table"')[1]
        return " ".join(re.findall(r"<td>([^<]*)</td></tr>", replay.split("</table>")[0]))

    assert "(cancelled)" in done_column("cancellation", "cancel_cleanup")
    group = done_column("many-tasks", "taskgroup_errors")
    assert "check(&#x27;b.invalid&#x27;) (raised ConnectionError: b.invalid: no such host)" \
        in group
    assert "check(&#x27;a.example&#x27;) (cancelled)" in group
    assert "process_item(2, 1) (returned &#x27;Result for item 2&#x27;)" in done_column(
        "what-is-a-task", "article_example")


def test_every_page_with_a_timeline_replays_an_example(built_site: Build) -> None:
    """A page whose example runs two or more tasks at once lets the reader step through
    one of them (on 09194a5, 11 such pages had no replay)."""
    missing = []
    for page in sorted(built_site.site.rglob("index.html")):
        text = page.read_text("utf-8")
        if 'class="task-timeline-figure"' in text and 'class="replay"' not in text:
            missing.append(str(page.parent.relative_to(built_site.site)))
    assert missing == []

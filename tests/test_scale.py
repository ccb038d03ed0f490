"""The scale measurement, at small N, and its plots."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tasksdocs import scale

pytestmark = pytest.mark.realclock  # real processes on the real clock

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def results() -> list[scale.Measurement]:
    return [scale.measure(kind, n, pause=0.01) for kind in ("tasks", "threads") for n in (10, 100)]


def test_every_sleeper_is_measured_with_its_own_memory(results: list[scale.Measurement]) -> None:
    assert [(m.kind, m.count) for m in results] == [
        ("tasks", 10), ("tasks", 100), ("threads", 10), ("threads", 100)]
    for m in results:
        assert m.seconds >= 0.01  # all sleepers slept, concurrently
        assert m.seconds < 5
        assert m.kib >= 0


def test_the_report_has_a_table_row_per_measurement_and_two_log_log_plots(
    results: list[scale.Measurement],
) -> None:
    report = scale.report(results)
    assert report.count("\n| tasks |") == 2
    assert report.count("\n| threads |") == 2
    assert "CPython" in report
    plots = [ET.fromstring(svg) for svg in
             re.findall(r"<svg.*?</svg>", report, re.S)]
    assert len(plots) == 2
    for plot in plots:
        assert plot.find(f"{SVG}title") is not None
        assert plot.find(f"{SVG}desc") is not None
        series = [g.get("class") for g in plot.iter(f"{SVG}g")
                  if "series" in (g.get("class") or "")]
        assert series == ["series series-tasks", "series series-threads"]
        labels = [t.text for t in plot.iter(f"{SVG}text")]
        assert "10" in labels
        assert "100" in labels  # decades on the N axis: a log scale

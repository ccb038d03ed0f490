"""The Nu HTML checker (vnu-jar, from npm, run on Java) on every built page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.helpers import ROOT, Build

pytestmark = pytest.mark.build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors that Material's own templates cause, one filter each: (message, markup it is in).
MATERIAL_ERRORS = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off", which
    # keeps Firefox from restoring their state; HTML allows autocomplete only on text inputs.
    (r"Attribute “autocomplete” is only allowed when the input type is ",
     r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
]


def is_materials(message: dict[str, str]) -> bool:
    return any(re.match(text, message["message"]) and re.search(markup, message["extract"])
               for text, markup in MATERIAL_ERRORS)


def test_the_built_html_has_no_errors_of_our_own(built_site: Build) -> None:
    java = shutil.which("java")
    assert java is not None, "the HTML check needs Java"
    assert VNU.is_file(), "run `npm ci` (make test does)"
    pages = sorted(str(p) for p in built_site.site.rglob("*.html"))
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, check=False, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    assert len(pages) >= 15
    ours = [f"{m['url']}: {m['message']}" for m in errors if not is_materials(m)]
    assert ours == []
    assert errors, "the Material filter should still match something; drop it if not"

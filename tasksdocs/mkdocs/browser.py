"""What a reader's browser gets from the site, declared once: Pyodide's files, the site's
own Python files that run there (the same traced run and drawing as the build's), and
`runner/manifest.json`, from which `docs/javascripts/run-worker.mjs` learns the file list,
the traced run's timeout, the folder it runs in and how its output shows paths; and, per
block, whether it can run there and its download link."""

from __future__ import annotations

import html
import json
import posixpath
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

from tasksdocs.engine import pythons
from tasksdocs.engine.process import OUTPUT_CAP
from tasksdocs.mkdocs.blocks import Block

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

ROOMS = Path(__file__).parents[1]
BROWSER_PYTHON = [  # what a reader's browser loads on the first Run, from this site
    *(pythons.PYODIDE / name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                                          "python_stdlib.zip", "pyodide-lock.json")),
    *(ROOMS / "runner" / name for name in ("pyodide_main.py", "traced.py", "recorder.py",
                                           "observe.py")),
    *(ROOMS / "pictures" / name for name in ("lanes.py", "timeline.py", "replay.py")),
]


def publish(files: Files, config: MkDocsConfig, timeout: float) -> bool:
    """Add the files a Run button loads, and only these, with their manifest; False (and
    nothing added) where Pyodide is not installed."""
    if not all(path.is_file() for path in BROWSER_PYTHON):
        return False
    published = {}
    for path in BROWSER_PYTHON:
        folder = "pyodide" if path.parent == pythons.PYODIDE else "runner"
        files.append(File.generated(config, f"{folder}/{path.name}", abs_src_path=str(path)))
        published[f"{folder}/{path.name}"] = path.stat().st_size
    browser = pythons.Interpreter((), pythons.pyodide_version(), "Pyodide",
                                  pythons.PYODIDE_STDLIB)
    files.append(File.generated(config, "runner/manifest.json", content=json.dumps({
        "files": published, "timeout": timeout, "home": pythons.PYODIDE_HOME,
        "shown": browser.output_rule(pythons.PYODIDE_HOME), "output_cap": OUTPUT_CAP})))
    return True


def runnable(block: Block, browser_python: bool) -> str:
    """Attributes that tell docs/javascripts/run.js whether the reader's browser can run
    the block, and if not, why."""
    wanted = pythons.needs(block.source)
    why = ("This example needs " + " and ".join(sorted(wanted)) + ", which Python in "
           "your browser (WebAssembly) does not have." if wanted
           else "" if browser_python
           else "Python for the browser was not installed when this site was built.")
    return f' data-run="no" data-run-why="{html.escape(why)}"' if why else ' data-run="yes"'


def download_link(snippet: str, page_url: str) -> str:
    """A link that downloads the snippet file, which the plugin publishes beside pages."""
    page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    href = urllib.parse.quote(posixpath.relpath(snippet, page_dir or "."))
    name = posixpath.basename(snippet)
    return (
        f'<p class="snippet-download"><a href="{html.escape(href)}" download="{name}">'
        f"Download {html.escape(snippet)}</a></p>"
    )


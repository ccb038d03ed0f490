"""Lighthouse on every page of the built site, served with gzip as a static host would.

    make audit      (builds site/ first; not part of `make test`: scores are noisy)

Prints, per page: performance (mobile), accessibility, best practices, SEO, and the bytes
the page transfers. Targets: performance >= 95, the other three 100.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".py")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it, like any static host."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in COMPRESSIBLE and accepts_gzip):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


def pages() -> list[str]:
    tree = ET.parse(SITE / "sitemap.xml")
    locations = tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    return [urlsplit(loc.text or "").path for loc in locations]


def audit(url: str) -> dict[str, float]:
    done = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, check=True, timeout=300,
        env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""},
    )
    report = json.loads(done.stdout)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["bytes"] = report["audits"]["total-byte-weight"]["numericValue"]
    return scores


def main() -> None:
    if not LIGHTHOUSE.exists() or not (SITE / "sitemap.xml").exists():
        sys.exit("run `make audit`: it installs Lighthouse (npm ci) and builds site/ first")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(GzipHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"{'page':32} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KiB sent':>9}")
    missed = 0
    for path in pages():
        scores = audit(base + path)
        ok = scores["performance"] >= 95 and all(scores[c] == 100 for c in CATEGORIES[1:])
        missed += not ok
        print(f"{path:32} {scores['performance']:5.0f} {scores['accessibility']:5.0f} "
              f"{scores['best-practices']:5.0f} {scores['seo']:5.0f} "
              f"{scores['bytes'] / 1024:9.1f}{'' if ok else '  below target'}")
    server.shutdown()
    print(f"\n{len(pages()) - missed} of {len(pages())} pages meet every target.")


if __name__ == "__main__":
    main()

"""The built site, served on this machine as its host serves it (for the browser tests and
benchmarks/browser_run.py)."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).parents[2]
SITE_URL = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site as its host would: the sitemap names this server, as it names
    `site_url` on the real host (Material's instant navigation only takes over links to
    pages the sitemap lists, port included)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/sitemap.xml" or SITE_URL is None:
            super().do_GET()
            return
        here = f"http://{self.headers['Host']}/"
        body = (Path(self.directory) / "sitemap.xml").read_bytes().replace(
            SITE_URL[1].encode(), here.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site's address, while a local server serves it."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

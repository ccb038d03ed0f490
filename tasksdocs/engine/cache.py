"""Results of clean runs, kept between builds as one JSON file per key.

Writes are atomic (a temp file in the same folder, then `os.replace`), so a build that is
killed mid-write leaves no half-written entry. An entry that cannot be read is reported
once, by name, at INFO (the build's output is still right, so `--strict` must not fail),
removed and run again.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.tasksdocs")


class Cache:
    def __init__(self, folder: Path, *, fresh: bool = False) -> None:
        self.folder = folder
        self.fresh = fresh  # ignore what is stored (results are still stored)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether `get` would look at an entry (without reading it)."""
        return not self.fresh and self.path(key).is_file()

    def get(self, key: str) -> dict[str, Any] | None:
        path = self.path(key)
        if not self.has(key):
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entry, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as error:
            log.info("Ignored the unreadable cache entry %s (%s); its block runs again",
                     path, error)
            path.unlink(missing_ok=True)
            return None
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store `entry`; raises OSError if the folder cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out)
            os.replace(temporary, self.path(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

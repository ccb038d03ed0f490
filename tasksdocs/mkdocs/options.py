"""The options a `python exec="on"` block may carry for tasksdocs, declared once.

Each option is a field of `BlockOptions`, with its default and its meaning. `take` removes
every one of them from a block's attributes, so that none reaches the fence markdown-exec
writes back (`pymdownx.superfences` rejects an attribute it does not know, and the block is
then published as raw Markdown). The README's table of block options is checked against
these fields by `tests/test_drift.py`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def option(default: Any, meaning: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"meaning": meaning, "choices": choices})


@dataclass(frozen=True)
class BlockOptions:
    """What tasksdocs reads from a block's attributes (all of them strings in Markdown)."""

    timeout: str = option("", "Seconds the block may run before it is stopped and reported "
                          "(default: `timeout` in `mkdocs.yml`, 30).")
    expect_stderr: str = option("", "Text the program's stderr must contain, for a "
                                "deliberate demo of a warning; the page shows stderr in its "
                                "own block. Without it, any stderr fails the build.")
    timeline: str = option("", "`on` or `off`; by default a task timeline is drawn when two "
                           "or more tasks were alive at once.", ("", "on", "off"))
    timeline_group: str = option("", "Blocks of a page with the same group share one time "
                                 "axis, for comparing runs.")
    replay: str = option("", "`on` adds a step-through of the event loop under the block.",
                         ("", "on", "off"))
    measures: str = option("", "`time` for a block whose output shows time or CPU (a "
                           "blocking call, a heartbeat): it starts once the other blocks have "
                           "finished or only sleep.", ("", "time"))

    @classmethod
    def take(cls, attributes: dict[str, Any]) -> BlockOptions:
        """Remove every tasksdocs option from `attributes` and return them; ValueError
        names an option whose value is not one it accepts."""
        values = {f.name: str(attributes.pop(f.name)) for f in dataclasses.fields(cls)
                  if f.name in attributes}
        for f in dataclasses.fields(cls):
            choices = f.metadata["choices"]
            if choices and values.get(f.name, "") not in choices:
                allowed = " or ".join(f'"{c}"' for c in choices if c)
                raise ValueError(f'{f.name}="{values[f.name]}" is not an option: use {allowed}')
        if values.get("timeout"):
            try:
                seconds = float(values["timeout"])
            except ValueError:
                seconds = 0.0
            if not seconds > 0:
                raise ValueError(f'timeout="{values["timeout"]}" is not a number of seconds')
        return cls(**values)

    @property
    def measures_time(self) -> bool:
        return self.measures == "time"


def documented() -> list[tuple[str, str]]:
    """Each option's name and meaning, in declaration order (for the README's table)."""
    return [(f.name, f.metadata["meaning"]) for f in dataclasses.fields(BlockOptions)]

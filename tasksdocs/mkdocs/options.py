"""The plugin's options in `mkdocs.yml`, and the options a `python exec="on"` block may
carry for tasksdocs, each declared once.

Each block option is a field of `BlockOptions`, with its default and its meaning.
`take_options`, the validator of the `python` fence, removes every one of them from the
fence's attributes before markdown-exec's validator reads the rest, so that none reaches the
fence markdown-exec writes back (`pymdownx.superfences` rejects an attribute it does not
know, and the block is then published as raw Markdown). The README's table of block
options is checked against these fields by `tests/test_drift.py`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import markdown_exec
from mkdocs.config import base
from mkdocs.config import config_options as c

if TYPE_CHECKING:
    from markdown import Markdown

MAX_TIMEOUT = 600  # seconds: the longest a block may run; a hang must end the build


class TasksDocsConfig(base.Config):  # type: ignore[no-untyped-call]
    timeout = c.Type((int, float), default=30)
    """Seconds a block may run before it is stopped and reported; per block: `timeout="5"`."""
    cache_dir = c.Type(str, default=".cache/tasksdocs")
    """Where results are kept between builds, relative to mkdocs.yml (keep it untracked)."""
    jobs = c.Type(int, default=16)
    """How many blocks run at once, ahead of rendering (they mostly sleep)."""
    execute = c.Type(bool, default=True)
    """False shows every block's source without running it (for benchmarks)."""
    report_page = c.Type(str, default="build-report.md")
    """A generated page listing every block's run; "" for none (the log always has it)."""
    expectations = c.Type(str, default="tests/unit/test_{name}.py")
    """The test module whose realclock test must accept a snippet's output; "" for none."""
    scale_budget = c.Type((int, float), default=5)
    """Seconds the scale page's measurement may take in all."""


def config_problems(config: TasksDocsConfig) -> list[str]:
    """What is wrong with the plugin's options in mkdocs.yml: a time limit that would let a
    hang go on forever, or a path that leads out of the project (or, for the report page,
    out of the site)."""
    problems = []
    if not 0 < config.timeout <= MAX_TIMEOUT:
        problems.append(f"timeout: {config.timeout} is not a number of seconds above 0 and "
                        f"at most {MAX_TIMEOUT}")
    for name in ("cache_dir", "report_page", "expectations"):
        value = str(config[name])
        if PurePosixPath(value).is_absolute() or ".." in PurePosixPath(value).parts:
            problems.append(f"{name}: {value} leads outside the project: give a path inside "
                            "it, without '..'")
    if config.report_page and not config.report_page.endswith(".md"):
        problems.append(f"report_page: {config.report_page} is not a page: give a name "
                        "ending in .md, or \"\" for none")
    return problems


DEFAULT_OPTIONS = {"source": "tabbed-left", "tabs": ("Source", "Output")}
UNSET_OPTIONS = {"source": "", "tabs": markdown_exec.default_tabs}


def with_site_defaults(options: dict[str, Any]) -> None:
    """markdown-exec's options for a block, with this site's defaults where the block sets
    none: the source in a tab on the left, tabs named Source and Output; `source="none"`
    for an output alone (beside another run)."""
    for name, default in DEFAULT_OPTIONS.items():
        if options.get(name) == UNSET_OPTIONS[name]:
            options[name] = default
    if options["source"] == "none":
        options["source"] = ""


def option(default: Any, meaning: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"meaning": meaning, "choices": choices})


@dataclass(frozen=True)
class BlockOptions:
    """What tasksdocs reads from a block's attributes (all of them strings in Markdown)."""

    timeout: str = option("", "Seconds the block may run before it is stopped and reported "
                          f"(default: `timeout` in `mkdocs.yml`, 30; at most {MAX_TIMEOUT}).")
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
            if not 0 < seconds <= MAX_TIMEOUT:
                raise ValueError(f'timeout="{values["timeout"]}" is not a number of seconds '
                                 f"above 0 and at most {MAX_TIMEOUT:g}")
        return cls(**values)

    @property
    def measures_time(self) -> bool:
        return self.measures == "time"


def documented() -> list[tuple[str, str]]:
    """Each option's name and meaning, in declaration order (for the README's table)."""
    return [(f.name, f.metadata["meaning"]) for f in dataclasses.fields(BlockOptions)]


def take_options(language: str, inputs: dict[str, str], options: dict[str, Any],
                 attrs: dict[str, Any], md: Markdown) -> bool:
    """The fence's validator: tasksdocs takes its own options first, so that none of them
    reaches markdown-exec (it writes unknown ones back on the fence, which superfences then
    rejects); a value it does not accept is reported, with the page, by on_page_markdown."""
    try:
        taken: BlockOptions | None = BlockOptions.take(inputs)
    except ValueError:
        taken = None
    okay = bool(markdown_exec.validator(language, inputs, options, attrs, md))
    options["tasksdocs"] = taken
    return okay

"""Run one block faithfully, and judge the run.

A block runs twice at the same time, each time in a scratch copy of the snippet folder (so
no tracked file can change) and in its own process group (so nothing outlives it):

* the **plain run** is exactly `python snippets/<name>.py`, with nothing added. Its stdout
  and stderr are what the page shows;
* the **traced run** (`traced.py`) runs the same file, observed: it gives the task timeline,
  says whether the snippet raised or called `sys.exit`, and, if it hangs, which tasks wait
  where.

The verdict fails the block if the plain run failed, hung, left processes running or wrote
unexpected stderr, or if the two runs printed different things (numbers aside).
Paths inside the scratch folder are shown relative to it, as `snippets/<name>.py`.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasksdocs.engine import pythons
from tasksdocs.engine.expectations import SLOW_STEP
from tasksdocs.engine.process import OUTPUT_CAP, PIPE_DRAIN, Finished, run_isolated
from tasksdocs.engine.pythons import Interpreter
from tasksdocs.runner import traced

TRACED = Path(traced.__file__)
RECORDER = TRACED.with_name("recorder.py")
RECORDING = ".tasksdocs-timeline.json"
KILL_GRACE = 5.0  # the traced run's watchdog reports first; this is only a backstop
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
TASK_NAME = re.compile(r"Task-\d+")
WROTE_TO_STDERR = "wrote to stderr"


@dataclass(frozen=True)
class Job:
    """Everything that determines a block's result; `key` names it in the cache."""

    source: str
    label: str  # the file the block runs as, relative to the project: snippets/<name>.py
    interpreter: Interpreter
    timeout: float
    expect_stderr: str = ""
    environment: str = ""  # a digest of the engine, the pins and the block's expectations
    reads: str = ""  # a digest of what the run can read from snippets/: see `read_inputs`

    @property
    def key(self) -> str:
        inputs = [self.source, self.label, self.interpreter.name, str(self.timeout),
                  self.expect_stderr, self.environment, self.reads]
        return hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Run:
    """What a block's runs produced, and the verdict."""

    stdout: str
    stderr: str
    seconds: float
    problem: str = ""  # "" when the block is clean; else why it failed, in plain words
    recording: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # e.g. output truncated

    @property
    def clean(self) -> bool:
        return not self.problem

    @property
    def only_slow_steps(self) -> bool:
        """Whether the block failed only because debug mode reported a step that held the
        loop over `slow_callback_duration` (0.1 s), which even a step that does not block
        can take on a loaded machine (IsolatedAsyncioTestCase runs in debug mode)."""
        lines = self.stderr.splitlines()
        return (self.problem.startswith(WROTE_TO_STDERR) and bool(lines)
                and all(SLOW_STEP.fullmatch(line) for line in lines))


def engine_digest() -> str:
    """Changes whenever the code that runs or records a block changes."""
    here, runner = Path(__file__).parent, TRACED.parent
    parts = [Path(__file__).read_bytes(), TRACED.read_bytes(), RECORDER.read_bytes(),
             *(here.joinpath(name).read_bytes() for name in (
                 "process.py", "supervise.py", "pythons.py")),
             *(runner.joinpath(name).read_bytes() for name in (
                 "observe.py", "pyodide_python.mjs", "pyodide_main.py"))]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def child_environment() -> dict[str, str]:
    """The build's environment without PYTHON* settings: a reader's plain run has none."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def comparable(text: str) -> str:
    """Text with what differs from run to run (numbers, addresses, task numbers) blanked."""
    return NUMBER.sub("N", ADDRESS.sub("0x?", TASK_NAME.sub("Task-?", text)))


def read_inputs(project: Path, label: str) -> str:
    """A digest of what a run of `label` can read from snippets/: the file's bytes, the
    sibling modules it imports (and theirs), and every file there that is not Python (data
    a program may open). An edit to any of them runs the block again."""
    folder = project / "snippets"
    hidden = shutil.ignore_patterns("__pycache__", ".*")
    files = {p for p in folder.rglob("*") if p.is_file() and p.suffix != ".py"
             and not hidden("", list(p.relative_to(folder).parts))}
    todo = [project / label]
    while todo:
        path = todo.pop()
        if path in files or not path.is_file():
            continue
        files.add(path)
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [])
            for name in names:
                top = folder / name.split(".")[0]
                todo += [top.with_suffix(".py"), *sorted(top.rglob("*.py"))]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def scratch_copy(project: Path, job: Job, into: Path) -> None:
    """The snippet folder as it is. A block that includes a file runs that file's bytes,
    as `python snippets/<name>.py` reads them; an inline block's source is written at its
    label."""
    folder = project / "snippets"
    if folder.is_dir():
        shutil.copytree(folder, into / "snippets",
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
    target = into / job.label
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(job.source, encoding="utf-8")


def execute(job: Job, project: Path) -> Run:
    """Run the block plainly and traced, at once, in a scratch copy; judge the result."""
    with tempfile.TemporaryDirectory(prefix="tasksdocs-") as folder:
        try:
            return execute_in(Path(folder).resolve(), job, project)
        except OSError as error:  # process.spawn has already tried again
            return Run("", "", 0.0, f"could not start its run: {error} (a loaded machine, "
                       "or a broken interpreter)")


def execute_in(scratch: Path, job: Job, project: Path) -> Run:
    """`execute`'s runs, in the folder `scratch`."""
    plain_dir, traced_dir = scratch / "plain", scratch / "traced"  # each run its own copy
    scratch_copy(project, job, plain_dir)
    scratch_copy(project, job, traced_dir)
    recording = traced_dir / RECORDING  # inside the folder the traced run may write to
    python = job.interpreter.command
    grace = KILL_GRACE if job.interpreter.threads else 0  # time for the watchdog's report
    run = functools.partial(run_isolated, env=child_environment(),
                            says_when_started=job.interpreter.says_when_started)
    with ThreadPoolExecutor(1, thread_name_prefix="tasksdocs-traced") as tracer:
        traced = tracer.submit(
            run, [*python, str(TRACED), job.label, str(job.timeout), str(recording)],
            cwd=traced_dir, timeout=job.timeout + grace)
        plain = run([*python, job.label], cwd=plain_dir, timeout=job.timeout)
        trace = traced.result()
    try:
        lanes = pythons.shown_in(json.loads(recording.read_text(encoding="utf-8")),
                                 job.interpreter.output_rule(str(traced_dir)))
    except (OSError, ValueError):
        lanes = {}
    plain, trace = (relative(plain, plain_dir, job.interpreter),
                    relative(trace, traced_dir, job.interpreter))
    again = None
    if (plain.returncode == trace.returncode == 0
            and comparable(plain.stdout) != comparable(trace.stdout)):
        again_dir = scratch / "again"  # a second plain run tells luck from tracing
        scratch_copy(project, job, again_dir)
        again = relative(run([*python, job.label], cwd=again_dir, timeout=job.timeout),
                         again_dir, job.interpreter)
    return judge(job, plain, trace, lanes, again)


def shown(text: str, scratch: Path, interpreter: Interpreter) -> str:
    """Output as a reader's run from the project folder would show it (`output_rule`)."""
    return pythons.shown(text, interpreter.output_rule(str(scratch)))


def relative(finished: Finished, scratch: Path, interpreter: Interpreter) -> Finished:
    """A finished run as a reader's run would show it: see `shown`."""
    strip = functools.partial(shown, scratch=scratch, interpreter=interpreter)
    return dataclasses.replace(finished, stdout=strip(finished.stdout),
                               stderr=strip(finished.stderr))


def timed_out(job: Job, trace: Finished) -> str:
    """Why a plain run that was stopped at its time limit hung, as far as the traced run
    (with its watchdog's report of every pending task) can tell."""
    return "timed out:\n" + (
        trace.stderr.rstrip() if trace.returncode == traced.EXIT_TIMED_OUT
        else f"still running after {job.timeout:g} s (the block's timeout)"
        if trace.returncode is None  # no watchdog where threads cannot start (Pyodide)
        else f"the plain run was still running after {job.timeout:g} s (the block's "
             "timeout), although the traced run ended"
    )


def judge(job: Job, plain: Finished, trace: Finished, recording: dict[str, Any],
          again: Finished | None = None) -> Run:
    """The verdict on a block's runs; `again` is a second plain run, made when the plain
    and traced runs printed different things."""
    notes = tuple(
        f"{stream} truncated after {OUTPUT_CAP:,} bytes ({dropped:,} more bytes not shown)"
        for stream, dropped in zip(("stdout", "stderr"), plain.truncated, strict=True)
        if dropped
    )
    problem = ""
    if plain.returncode is None:
        problem = timed_out(job, trace)
    elif plain.leftovers:
        problem = ("left processes running after it ended (they were killed):\n"
                   + "\n".join(f"  {p}" for p in plain.leftovers))
    elif plain.unread or trace.unread:
        problem = (f"ended, but its output could not be read to the end within {PIPE_DRAIN:g} "
                   "s (a loaded machine?), so what the page would show may be cut short")
    elif trace.returncode == traced.EXIT_CALLED_EXIT:
        problem = f"called sys.exit:\n{trace.stderr.rstrip()}"
    elif plain.returncode != 0:
        reason = ("raised an exception" if trace.returncode == traced.EXIT_RAISED
                  else f"exited with code {plain.returncode}")
        problem = f"{reason}:\n{plain.stderr.rstrip()}"
    elif trace.returncode is None:
        problem = (f"ran cleanly, but its traced run (for the timeline) was still running "
                   f"after {job.timeout:g} s (the block's timeout)")
    elif trace.returncode != 0:
        problem = ("ran cleanly, but its traced run (for the timeline) failed:\n"
                   + trace.stderr.rstrip())
    elif again is not None and comparable(plain.stdout) != comparable(again.stdout):
        diff = difflib.unified_diff(plain.stdout.splitlines(), again.stdout.splitlines(),
                                    "one run", "another run", lineterm="")
        problem = ("prints different things from run to run, beyond numbers (a random "
                   "choice, the order of a set, a race between tasks), so what the page "
                   "showed would be luck: make the output the same every time (seed random, "
                   "sort what comes from a set):\n" + "\n".join(diff))
    elif comparable(plain.stdout) != comparable(trace.stdout):
        diff = difflib.unified_diff(plain.stdout.splitlines(), trace.stdout.splitlines(),
                                    "plain run", "traced run", lineterm="")
        problem = ("printed something else when traced for its timeline, so the timeline "
                   "would not match the output:\n" + "\n".join(diff))
    elif job.expect_stderr and job.expect_stderr not in plain.stderr:
        problem = (f"should have written {job.expect_stderr!r} to stderr, but wrote:\n"
                   f"{plain.stderr.rstrip() or '(nothing)'}")
    elif plain.stderr and not job.expect_stderr:
        problem = f"{WROTE_TO_STDERR}:\n{plain.stderr.rstrip()}"
    return Run(plain.stdout, plain.stderr, plain.seconds, problem,
               recording if not problem else {}, notes)

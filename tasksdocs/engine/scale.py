"""How many tasks can one event loop run? Measured at build time, drawn as log-log SVG plots.

Each measurement runs in its own fresh interpreter, one after another, once the snippets'
runs no longer fill the CPU (see `plugin.once_quiet`), so that they do not disturb it. Every
sleeper first waits at a gate; once all N exist, memory is sampled, the gate opens and each
sleeps 0.1 s, so all N are alive at once even when starting them takes longer than 0.1 s.
Memory is the growth of the process's resident set size (Linux's /proc/self/statm) from
before the sleepers are created to the moment all N are alive and waiting, divided by N. It
counts what the operating system really had to provide (thread stacks included), which
`tracemalloc` would miss because it sees only Python's own allocations.

The measurement works to a time budget and within the machine's limits: each kind grows N
while the next size is predicted to fit the time left, and threads stop before they would
use more than a quarter of the process ids (or memory) left on the machine. The report says
where each kind stopped and why.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tasksdocs.engine.process import run_isolated

SLEEP = 0.1
STARTUP = 0.2  # seconds to start a fresh interpreter, on a busy machine
TASK_COUNTS = (1_000, 10_000, 100_000)
THREAD_COUNTS = (1_000, 2_000, 5_000, 10_000)

RESIDENT = """
import gc, os, sys, time
n, pause = int(sys.argv[1]), float(sys.argv[2])
def resident_kib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024
collector = {"seconds": 0.0, "since": 0.0}  # time in the cyclic garbage collector
def timed(phase: str, info: dict) -> None:
    if phase == "start":
        collector["since"] = time.perf_counter()
    else:
        collector["seconds"] += time.perf_counter() - collector["since"]
gc.callbacks.append(timed)
"""

PROGRAMS = {
    "tasks": RESIDENT + """
import asyncio
async def sleeper(gate: asyncio.Event) -> None:
    await gate.wait()
    await asyncio.sleep(pause)
async def main() -> float:
    gate = asyncio.Event()
    tasks = [asyncio.create_task(sleeper(gate)) for _ in range(n)]
    await asyncio.sleep(0)  # every task has started and waits at the gate
    alive = resident_kib()
    gate.set()
    await asyncio.gather(*tasks)
    return alive
before = resident_kib()
collector["seconds"] = 0.0
start = time.perf_counter()
alive = asyncio.run(main())
print(time.perf_counter() - start, alive - before, collector["seconds"])
""",
    "threads": RESIDENT + """
import threading
def sleeper(gate: threading.Event) -> None:
    gate.wait()
    time.sleep(pause)
gate = threading.Event()
before = resident_kib()
collector["seconds"] = 0.0
start = time.perf_counter()
threads = [threading.Thread(target=sleeper, args=(gate,)) for _ in range(n)]
for thread in threads:
    thread.start()
alive = resident_kib()  # every thread has started and waits at the gate
gate.set()
for thread in threads:
    thread.join()
print(time.perf_counter() - start, alive - before, collector["seconds"])
""",
}


@dataclass(frozen=True)
class Measurement:
    kind: str  # "tasks" or "threads"
    count: int
    seconds: float
    kib: float  # growth of resident memory with all N alive, in KiB
    collector_seconds: float  # of `seconds`, spent in the cyclic garbage collector

    @property
    def kib_each(self) -> float:
        return self.kib / self.count


@dataclass(frozen=True)
class Measured:
    results: list[Measurement]
    stopped: str  # where each kind stopped, and why, in plain words

    def reached(self, kind: str, count: int) -> bool:
        return any(m.kind == kind and m.count >= count for m in self.results)


class NotMeasured(Exception):
    """A measurement that could not run or finish; the message says why."""


def measure(kind: str, count: int, pause: float = SLEEP, timeout: float = 120) -> Measurement:
    """Run `count` concurrent sleepers of one kind in a fresh interpreter."""
    done = run_isolated([sys.executable, "-c", PROGRAMS[kind], str(count), str(pause)],
                        cwd=Path.cwd(), timeout=timeout, env=dict(os.environ))
    if done.returncode is None:
        raise NotMeasured(f"{count:,} {kind} did not finish within {timeout:.1f} s")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise NotMeasured(f"{count:,} {kind} could not run: {last}")
    seconds, peak, collector = done.stdout.split()
    return Measurement(kind, count, float(seconds), float(peak), float(collector))


def read_number(path: str) -> int | None:
    try:
        text = Path(path).read_text().split()[0]
    except (OSError, IndexError):
        return None
    return int(text) if text.isdigit() else None


def thread_allowance() -> tuple[int, str]:
    """How many threads one measurement may start, and which limit sets that.

    A quarter of the headroom under each limit, so that four builds measuring at once still
    leave the machine able to start processes: the kernel's pid_max (threads use process ids
    too), the user's RLIMIT_NPROC, the cgroup's pids.max, and available memory (a thread
    costs at least 64 KiB once its stack and kernel structures are counted)."""
    in_use = int(Path("/proc/loadavg").read_text().split()[3].split("/")[1])
    headrooms: dict[str, int] = {}
    if (pid_max := read_number("/proc/sys/kernel/pid_max")) is not None:
        headrooms[f"the kernel's pid_max ({pid_max:,}, {in_use:,} in use)"] = pid_max - in_use
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY:
        headrooms[f"RLIMIT_NPROC ({soft:,})"] = soft - in_use
    for folder in ("/sys/fs/cgroup", "/sys/fs/cgroup/pids"):
        limit = read_number(f"{folder}/pids.max")
        current = read_number(f"{folder}/pids.current")
        if limit is not None and current is not None:
            headrooms[f"the cgroup's pids.max ({limit:,})"] = limit - current
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            headrooms["available memory"] = int(line.split()[1]) // 64
    reason, headroom = min(headrooms.items(), key=lambda item: item[1])
    return max(0, headroom // 4), reason


OVERRUN = 8  # four cold builds at once on two cores each get a quarter of the machine, or less
STRETCH = {"tasks": OVERRUN, "threads": 1}  # how many budgets each kind may use, from the start
ALWAYS = 2  # the first sizes of threads, measured if each fits a budget of its own, however
# little is left: a line needs two points, and the page is a comparison (a busy machine once
# left threads no time at all, and the page only a line for tasks)


def measure_within(budget: float, task_counts: tuple[int, ...] = TASK_COUNTS,
                   thread_counts: tuple[int, ...] = THREAD_COUNTS,
                   clock: Callable[[], float] = time.monotonic) -> Measured:
    """Measure each kind at growing N while the next step is predicted to fit what is left
    of the time budget and the machine's limits; say where each kind stopped and why.

    The prediction scales the last step's cost by N. Tasks, the page's subject, may use up
    to OVERRUN budgets (a loaded machine still measures them all); threads get what is left
    of one, and their first ALWAYS sizes even when no time is left, if each is predicted
    to fit in one budget, so that both lines are drawn. A step may run for what is left of
    its kind's time, or OVERRUN times its prediction if that is longer."""
    started = clock()
    results: list[Measurement] = []
    stops = []
    for kind, counts in (("tasks", task_counts), ("threads", thread_counts)):
        if not counts:
            continue
        reason = f"all planned sizes measured, up to {counts[-1]:,}"
        seconds = budget * STRETCH[kind]  # from the start, for this kind
        for count in counts:
            left = started + seconds - clock()
            done = [m for m in results if m.kind == kind]
            guess = STARTUP + SLEEP + (
                (done[-1].seconds - SLEEP) * count / done[-1].count if done else 0.0)
            if kind == "threads" and count > (allowed := thread_allowance())[0]:
                reason = (f"stopped before {count:,}: a quarter of the headroom under "
                          f"{allowed[1]} allows {allowed[0]:,}")
                break
            always = kind == "threads" and len(done) < ALWAYS and guess <= budget
            if guess > left and not always:
                of = (f"the {budget:g} s budget" if STRETCH[kind] == 1 else
                      f"the {seconds:g} s allowed for {kind} ({STRETCH[kind]} times the "
                      f"{budget:g} s budget)")
                reason = (f"stopped before {count:,}: it would take about {guess:.1f} s, "
                          f"and {max(left, 0):.1f} s of {of} were left")
                break
            try:
                limit = max(2.0, OVERRUN * guess, left)  # a linear guess is low at 100,000
                results.append(measure(kind, count, timeout=limit))
            except (NotMeasured, OSError, ValueError) as error:
                reason = f"stopped at {count:,}: {error}"
                break
        stops.append(f"{kind}: {reason}")
    return Measured(results, "; ".join(stops))

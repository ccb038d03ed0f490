"""What recording a timeline costs: a 100,000-task program run plainly and traced, side by side.

    .venv/bin/python benchmarks/recording_cost.py

Prints the wall time of each run (best of three, alternating), their ratio, and the size of
the recording. The traced run never produces a page's Output; this only bounds the extra
time a build spends on timelines.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tasksdocs.engine.execution import TRACED, child_environment
from tasksdocs.engine.process import run_isolated

PROGRAM = """\
import asyncio


async def sleeper() -> None:
    await asyncio.sleep(0.1)


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        for _ in range(100_000):
            group.create_task(sleeper())
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        (scratch / "many.py").write_text(PROGRAM)
        recording = scratch / "timeline.json"
        plain, traced = [], []
        for _ in range(3):
            for runs, command in (
                (plain, [sys.executable, "many.py"]),
                (traced, [sys.executable, str(TRACED), "many.py", "60", str(recording)]),
            ):
                start = time.perf_counter()
                done = run_isolated(command, cwd=scratch, timeout=60, env=child_environment())
                if done.returncode != 0 or done.stdout != "done\n":
                    raise SystemExit(f"{command} failed:\n{done.stderr}")
                runs.append(time.perf_counter() - start)
        size = recording.stat().st_size
    print(f"plain run:  {min(plain):.2f} s")
    print(f"traced run: {min(traced):.2f} s")
    print(f"traced / plain = {min(traced) / min(plain):.2f}; recording {size:,} bytes")


if __name__ == "__main__":
    main()

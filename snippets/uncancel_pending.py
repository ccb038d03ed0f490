# requires-python: >=3.11
"""A task's cancel() of itself, withdrawn by uncancel() before its next await:
3.13 drops it, 3.11 and 3.12 still deliver it at that await."""

import asyncio
import sys


async def step() -> str:
    me = asyncio.current_task()
    assert me is not None
    # Requested while this task runs: it would arrive at the next await
    me.cancel()
    me.uncancel()  # withdrawn before the task's next await
    return await asyncio.sleep(0.1, result="finished")  # the next await


async def main() -> None:
    task = asyncio.create_task(step())
    await asyncio.wait([task])
    print(f"Python {sys.version_info.major}.{sys.version_info.minor}: step "
          f"{'was cancelled' if task.cancelled() else task.result()}")


if __name__ == "__main__":
    asyncio.run(main())

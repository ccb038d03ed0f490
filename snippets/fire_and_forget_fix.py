# requires-python: >=3.11
"""Fix: keep background tasks in a set until they finish."""

import asyncio
import gc
from collections.abc import Coroutine
from typing import Any

background_tasks: set[asyncio.Task[None]] = set()


def start_background(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    task = asyncio.create_task(coro)
    background_tasks.add(task)  # a strong reference keeps the task alive
    task.add_done_callback(background_tasks.discard)  # ...until it is done
    return task


async def wait_for_signal(signal: asyncio.Event) -> None:
    await signal.wait()
    print("background: got the signal")


async def main() -> None:
    signal = asyncio.Event()
    listener = start_background(wait_for_signal(signal))
    del listener  # even with no variable of ours left, the set keeps it alive
    await asyncio.sleep(1)
    gc.collect()
    print(f"main: {len(background_tasks)} background task alive after gc")
    signal.set()
    await asyncio.gather(*background_tasks)
    print(f"main: {len(background_tasks)} background tasks left")


if __name__ == "__main__":
    asyncio.run(main())

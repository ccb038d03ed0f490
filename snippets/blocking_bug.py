# requires-python: >=3.11
"""Bug: a blocking call inside a task freezes every other task."""

import asyncio
import time


def make_thumbnail() -> str:
    # Stands in for blocking work: a sync library, a big file, CPU
    time.sleep(1.5)
    return "thumbnail.png"


async def heartbeat(stop: asyncio.Event) -> None:
    while not stop.is_set():
        print("tick")
        await asyncio.sleep(0.5)


async def main() -> str:
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(stop))
    await asyncio.sleep(0.1)
    print("thumbnail: start")
    result = make_thumbnail()  # the bug: called directly on the event loop
    print("thumbnail: done")
    stop.set()
    await beat
    return result


if __name__ == "__main__":
    asyncio.run(main())

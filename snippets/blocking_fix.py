# requires-python: >=3.11
# needs: threads
"""Fix: run the blocking call in a worker thread with asyncio.to_thread."""

import asyncio
import time


def make_thumbnail() -> str:
    time.sleep(1.5)  # stands in for blocking work: a sync library, a big file
    return "thumbnail.png"


async def heartbeat(stop: asyncio.Event) -> None:
    while not stop.is_set():
        print("tick")
        await asyncio.sleep(0.5)


async def main() -> str:
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(stop))
    # Start between two ticks, so that none is due as the call ends
    await asyncio.sleep(0.25)
    print("thumbnail: start")
    # The loop keeps running meanwhile
    result = await asyncio.to_thread(make_thumbnail)
    print("thumbnail: done")
    stop.set()
    await beat
    return result


if __name__ == "__main__":
    asyncio.run(main())

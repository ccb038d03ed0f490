# requires-python: >=3.11
"""Bug: a task nobody keeps a reference to can be garbage-collected mid-flight.
"""

import asyncio
import gc


async def wait_for_signal(signal: asyncio.Event) -> None:
    await signal.wait()
    print("background: got the signal")  # never printed in this program


async def main() -> None:
    # The bug: no reference to the task is kept, and only the task refers to
    # the Event.
    asyncio.create_task(wait_for_signal(asyncio.Event()))  # noqa: RUF006
    await asyncio.sleep(1)
    # A collection can happen at any moment; here we make it happen now
    gc.collect()
    print("main: the background task is gone, and nothing told us")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""FIX: contextlib.aclosing() closes the async generator when the block
ends, so its cleanup runs at once, however the loop was left."""

import asyncio
import contextlib
from collections.abc import AsyncGenerator


async def readings() -> AsyncGenerator[int]:
    print("sensor: opened")
    try:
        for value in range(10):
            await asyncio.sleep(0.5)
            yield value
    finally:
        print("sensor: closed")


async def main() -> None:
    async with contextlib.aclosing(readings()) as stream:
        async for value in stream:
            print(f"main: read {value}")
            if value == 1:
                break
    print("main: done reading; the sensor is closed")
    await asyncio.sleep(1)
    print("main: returns")


if __name__ == "__main__":
    asyncio.run(main())

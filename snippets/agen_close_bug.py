# requires-python: >=3.11
"""BUG: leaving an `async for` early does not close the async generator: its
cleanup waits until asyncio.run shuts down, long after it was needed."""

import asyncio
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
    stream = readings()
    async for value in stream:
        print(f"main: read {value}")
        if value == 1:
            break  # BUG: the generator is left suspended at its `yield`
    print("main: done reading; the sensor is still open")
    await asyncio.sleep(1)
    print("main: returns")


if __name__ == "__main__":
    asyncio.run(main())

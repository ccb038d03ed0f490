# requires-python: >=3.11
"""Debug mode names a task step that held the loop too long (here, a blocking sleep)."""

import asyncio
import time


async def heartbeat(start: float) -> None:
    loop = asyncio.get_running_loop()
    for beat in range(3):
        print(f"heartbeat {beat} at {loop.time() - start:.1f} s")
        await asyncio.sleep(0.1)


async def load_settings() -> None:
    time.sleep(0.3)  # noqa: ASYNC251 - the bug: a blocking call stops every task
    print("settings loaded")


async def main() -> None:
    start = asyncio.get_running_loop().time()
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(start))
        group.create_task(load_settings())


if __name__ == "__main__":
    asyncio.run(main(), debug=True)  # logs each step that runs longer than 0.1 s

# requires-python: >=3.11
"""Debug mode names a task step that held the loop too long (here, a blocking
sleep)."""

import asyncio
import time


async def heartbeat() -> None:
    loop = asyncio.get_running_loop()
    last = loop.time()
    for beat in range(3):
        await asyncio.sleep(0.2)
        now = loop.time()
        print(f"heartbeat {beat}: {'LATE' if now - last > 0.6 else 'on time'}")
        last = now


async def load_settings() -> None:
    time.sleep(1)  # noqa: ASYNC251 - the bug: a blocking call stops every task
    print("settings loaded")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat())
        group.create_task(load_settings())


if __name__ == "__main__":
    # Logs each step that runs longer than 0.1 s
    asyncio.run(main(), debug=True)

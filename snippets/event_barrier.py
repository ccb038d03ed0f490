# requires-python: >=3.11
"""Event: one signal that releases every waiter. Barrier: a group that waits
until all its members have arrived, then goes on together."""

import asyncio


async def runner(name: str, delay: float, start: asyncio.Event,
                 finish: asyncio.Barrier) -> None:
    await start.wait()  # every runner waits for the same signal
    await asyncio.sleep(delay)
    print(f"{name}: arrived after {delay} s")
    await finish.wait()  # nobody leaves before the last one arrives
    print(f"{name}: leaves with the others")


async def main() -> None:
    start = asyncio.Event()
    finish = asyncio.Barrier(3)
    async with asyncio.TaskGroup() as group:
        for name, delay in (("ann", 1), ("bob", 3), ("cy", 2)):
            group.create_task(runner(name, delay, start, finish))
        await asyncio.sleep(0.5)
        print("main: go!")
        start.set()


if __name__ == "__main__":
    asyncio.run(main())

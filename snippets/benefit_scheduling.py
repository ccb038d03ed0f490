# requires-python: >=3.11
"""Automatic scheduling: the event loop decides when each task runs."""

import asyncio


async def worker(name: str, steps: int) -> None:
    for step in range(1, steps + 1):
        print(f"{name} step {step}")
        await asyncio.sleep(0)  # hand control back to the event loop


async def main() -> None:
    first = asyncio.create_task(worker("A", 2))
    second = asyncio.create_task(worker("B", 2))
    print("Both tasks created; none has run yet")
    await first
    await second
    print("Both tasks finished")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Fix: await the slow step, so the tasks run while it waits."""

import asyncio
import time


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    await asyncio.sleep(delay)
    print(f"Finished processing item {item_id}")
    return f"Result for item {item_id}"


async def prepare_layout() -> None:
    await asyncio.sleep(1)  # an awaitable version of the slow step


async def main() -> list[str]:
    task1 = asyncio.create_task(process_item(1, 3))
    task2 = asyncio.create_task(process_item(2, 1))
    print("Preparing the report layout (awaiting for 1 s)")
    await prepare_layout()
    print("Layout ready")
    return [await task1, await task2]


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

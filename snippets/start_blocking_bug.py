# requires-python: >=3.11
"""Bug: a blocking call in the creating coroutine delays every task it has
created."""

import asyncio
import time


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    await asyncio.sleep(delay)
    print(f"Finished processing item {item_id}")
    return f"Result for item {item_id}"


async def main() -> list[str]:
    task1 = asyncio.create_task(process_item(1, 3))
    task2 = asyncio.create_task(process_item(2, 1))
    print("Preparing the report layout (blocking for 1 s)")
    # The bug: blocks the loop, so no task can start
    time.sleep(1)  # noqa: ASYNC251
    print("Layout ready")
    return [await task1, await task2]


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

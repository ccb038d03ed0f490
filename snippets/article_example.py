# requires-python: >=3.11
"""Two tasks run concurrently: 3 s + 1 s of waiting takes 3 s, not 4."""

import asyncio
import time


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    await asyncio.sleep(delay)  # stands in for real work, such as a request
    print(f"Finished processing item {item_id} after {delay} seconds")
    return f"Result for item {item_id}"


async def main() -> tuple[str, str]:
    task1 = asyncio.create_task(process_item(1, 3))
    task2 = asyncio.create_task(process_item(2, 1))

    # Scheduled, not started: nothing runs until main() first awaits.
    print("Tasks are now running in the background!")

    result1 = await task1
    result2 = await task2  # done since 1 s: awaiting it returns at once

    print(f"All done! Results: {result1}, {result2}")
    return result1, result2


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

# requires-python: >=3.11
"""The first example with a TaskGroup: the `async with` block ends when both
tasks are done, and if one fails, the other is cancelled instead of left
running."""

import asyncio
import time


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    # Stands in for real work: a request, a query, a file read
    await asyncio.sleep(delay)
    print(f"Finished processing item {item_id} after {delay} seconds")
    return f"Result for item {item_id}"


async def main() -> tuple[str, str]:
    async with asyncio.TaskGroup() as group:
        task1 = group.create_task(process_item(1, 3))
        task2 = group.create_task(process_item(2, 1))
        print("Tasks are now running in the background!")
    # past the block, every task of the group is done: result() cannot fail here
    print(f"All done! Results: {task1.result()}, {task2.result()}")
    return task1.result(), task2.result()


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

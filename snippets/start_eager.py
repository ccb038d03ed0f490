# requires-python: >=3.12
"""Eager tasks (3.12+): each task runs at once, up to its first real wait."""

import asyncio


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    await asyncio.sleep(delay)
    print(f"Finished processing item {item_id} after {delay} seconds")
    return f"Result for item {item_id}"


async def main() -> tuple[str, str]:
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    task1 = asyncio.create_task(process_item(1, 3))
    task2 = asyncio.create_task(process_item(2, 1))
    print("Tasks are now running in the background!")
    return await task1, await task2


if __name__ == "__main__":
    asyncio.run(main())

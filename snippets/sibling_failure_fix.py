# requires-python: >=3.11
"""Fix: a TaskGroup cancels the siblings of a failed task and waits for them to
stop."""

import asyncio


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"Item {item_id} was cancelled")
        raise
    if item_id == 1:
        raise ValueError(f"item {item_id} is corrupt")
    print(f"Finished processing item {item_id}")
    return f"Result for item {item_id}"


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            task1 = group.create_task(process_item(1, 1))
            task2 = group.create_task(process_item(2, 3))
        print(f"All done! Results: {task1.result()}, {task2.result()}")
    except* ValueError as failures:
        print(f"main: the group failed with {failures.exceptions!r}")
        print(
            f"main: item 2 cancelled={task2.cancelled()}, and main carries on"
        )


if __name__ == "__main__":
    asyncio.run(main())

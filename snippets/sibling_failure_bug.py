# requires-python: >=3.11
"""Bug: awaiting tasks one by one; when the first fails, the second is
abandoned."""

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
    task1 = asyncio.create_task(process_item(1, 1))
    task2 = asyncio.create_task(process_item(2, 3))
    result1 = await task1  # raises at 1 s: main never reaches the next line
    result2 = await task2
    print(f"All done! Results: {result1}, {result2}")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except ValueError as error:
        print(f"asyncio.run raised {error!r}")

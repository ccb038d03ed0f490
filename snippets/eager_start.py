# requires-python: >=3.14
"""eager_start=True (3.14+): one task starts at once, the others wait for their
turn."""

import asyncio

PRICES = {"carrots": 2}  # already known: looking them up needs no waiting


async def process_item(item_id: int, delay: float) -> str:
    print(f"Starting to process item {item_id}")
    await asyncio.sleep(delay)
    print(f"Finished processing item {item_id} after {delay} seconds")
    return f"Result for item {item_id}"


async def price_of(item: str) -> int:
    if item in PRICES:
        return PRICES[item]  # returns before its first await
    await asyncio.sleep(1)  # a slow lookup elsewhere
    return 0


async def main() -> None:
    task1 = asyncio.create_task(process_item(1, 3))
    task2 = asyncio.create_task(process_item(2, 1), eager_start=True)
    print("Both tasks created")
    price = asyncio.create_task(price_of("carrots"), eager_start=True)
    print(f"Eager price lookup done before any await: {price.done()}")
    print(f"Results: {await task1}, {await task2}, price {await price}")


if __name__ == "__main__":
    asyncio.run(main())

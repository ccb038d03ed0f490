# requires-python: >=3.11
"""Result storage: a finished task keeps its result for anyone who asks."""

import asyncio


async def fetch_price(item: str) -> float:
    await asyncio.sleep(1)
    return {"tea": 3.5, "cake": 4.25}[item]


async def main() -> float:
    task = asyncio.create_task(fetch_price("cake"))
    try:
        task.result()
    except asyncio.InvalidStateError:
        print("result() before the task is done raises InvalidStateError")
    price = await task
    print(f"await gave {price}")
    print(f"result() now gives {task.result()}")
    print(f"awaiting again gives {await task} at once, without re-running")
    return price


if __name__ == "__main__":
    asyncio.run(main())

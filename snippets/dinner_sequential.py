# requires-python: >=3.11
"""Dinner without tasks: each dish is finished before the next is started."""

import asyncio
import time


async def prepare(dish: str, seconds: float) -> str:
    print(f"Start {dish}")
    await asyncio.sleep(seconds)  # the oven or the chopping board is busy
    print(f"{dish.capitalize()} is ready")
    return dish


async def main() -> list[str]:
    roast = await prepare("roast", 3)
    salad = await prepare("salad", 1)
    print("Dinner is served")
    return [roast, salad]


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

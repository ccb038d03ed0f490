# requires-python: >=3.11
"""Dinner with tasks: the salad is made while the roast is in the oven."""

import asyncio
import time


async def prepare(dish: str, seconds: float) -> str:
    print(f"Start {dish}")
    await asyncio.sleep(seconds)  # the oven or the chopping board is busy
    print(f"{dish.capitalize()} is ready")
    return dish


async def main() -> list[str]:
    roast_task = asyncio.create_task(prepare("roast", 3))
    salad_task = asyncio.create_task(prepare("salad", 1))
    dishes = [await roast_task, await salad_task]
    print("Dinner is served")
    return dishes


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

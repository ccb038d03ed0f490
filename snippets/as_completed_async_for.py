# requires-python: >=3.13
"""Python 3.13: `async for` over as_completed yields the original tasks."""

import asyncio


async def resize(photo: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return photo


async def main() -> list[str]:
    tasks = [asyncio.create_task(resize(p, s), name=p)
             for p, s in [("beach.jpg", 3), ("cat.jpg", 1), ("city.jpg", 2)]]
    finished = []
    async for task in asyncio.as_completed(tasks):
        print(f"{task.result()} is ready; same task object: {task in tasks}")
        finished.append(task.result())
    return finished


if __name__ == "__main__":
    asyncio.run(main())

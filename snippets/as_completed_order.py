# requires-python: >=3.11
"""as_completed: handle each result as soon as it is ready."""

import asyncio


async def resize(photo: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return photo


async def main() -> list[str]:
    jobs = [resize("beach.jpg", 3), resize("cat.jpg", 1), resize("city.jpg", 2)]
    finished = []
    for next_done in asyncio.as_completed(jobs):
        photo = await next_done  # an awaitable for "whichever finishes next"
        print(f"{photo} is ready")
        finished.append(photo)
    return finished


if __name__ == "__main__":
    asyncio.run(main())

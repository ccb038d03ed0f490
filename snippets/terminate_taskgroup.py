# requires-python: >=3.11
"""Ending a TaskGroup early, once its goal is met: a task raises an exception
kept for that purpose, and main ignores only that one (the recipe from
CPython's documentation; Python 3.15 adds TaskGroup.cancel() for it)."""

import asyncio


class EnoughResults(Exception):
    """Raised to end the group once it has what it needs."""


async def search(mirror: str, seconds: float, found: list[str],
                 enough: asyncio.Event) -> None:
    try:
        await asyncio.sleep(seconds)
        found.append(mirror)
        print(f"{mirror}: found it")
        enough.set()
    finally:
        if mirror not in found:
            print(f"{mirror}: stopped early")


async def stop_when(enough: asyncio.Event) -> None:
    await enough.wait()
    raise EnoughResults


async def main() -> None:
    found: list[str] = []
    enough = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(search("mirror-a", 3, found, enough))
            group.create_task(search("mirror-b", 1, found, enough))
            group.create_task(stop_when(enough))
    except* EnoughResults:
        pass  # the group ended because it had what it needed
    print(f"main: found on {', '.join(found)}")


if __name__ == "__main__":
    asyncio.run(main())

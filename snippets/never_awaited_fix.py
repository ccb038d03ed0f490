# requires-python: >=3.11
"""Fix: await the coroutine (or wrap it in a task) so that it runs."""

import asyncio


async def save(note: str) -> None:
    await asyncio.sleep(0.1)
    print(f"saved {note!r}")


async def main() -> None:
    await save("draft")
    await asyncio.sleep(0.5)
    print("main: done")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Bug: calling a coroutine function without `await` runs nothing; Python warns
later."""

import asyncio


async def save(note: str) -> None:
    await asyncio.sleep(0.1)
    print(f"saved {note!r}")


async def main() -> None:
    # The bug: a coroutine object, never run
    save("draft")  # type: ignore[unused-coroutine]
    await asyncio.sleep(0.5)
    print("main: done")


if __name__ == "__main__":
    asyncio.run(main())

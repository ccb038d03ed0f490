# requires-python: >=3.11
"""Cancelling gather() cancels every child that has not finished; awaiting it
then raises CancelledError, although its cancelled() says False."""

import asyncio


async def step(name: str, seconds: float) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    return name


async def main() -> None:
    both = asyncio.gather(step("wash", 2), step("chop", 3))
    await asyncio.sleep(1)
    both.cancel()
    try:
        await both
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # our own cancellation: let it through
        print("main: awaiting gather raised CancelledError")
    print(f"main: gather's cancelled() says {both.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())

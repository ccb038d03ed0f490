# requires-python: >=3.11
"""State tracking: done() and cancelled(), and when each one changes."""

import asyncio


async def nap(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return "rested"


async def main() -> None:
    finishing = asyncio.create_task(nap(1))
    print(f"just created: done={finishing.done()}")
    await finishing
    print(
        f"after await:  done={finishing.done()} "
        f"cancelled={finishing.cancelled()}"
    )

    stopping = asyncio.create_task(nap(10))
    await asyncio.sleep(0)  # let it start and reach its sleep
    stopping.cancel()
    print(
        f"cancel() asked: done={stopping.done()} "
        f"cancelled={stopping.cancelled()}"
    )
    await asyncio.sleep(0)  # the task needs a turn to actually stop
    print(
        f"a turn later:  done={stopping.done()} "
        f"cancelled={stopping.cancelled()}"
    )
    print(f"has running()? {hasattr(stopping, 'running')}")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""asyncio.run cancels the tasks still pending when main returns, and waits for
them."""

import asyncio


async def heartbeat() -> None:
    try:
        while True:
            await asyncio.sleep(1)
            print("heartbeat")
    except asyncio.CancelledError:
        print("heartbeat: cancelled at shutdown, closing cleanly")
        raise


async def main() -> asyncio.Task[None]:
    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(2.5)
    print("main: returning, with the heartbeat still running")
    return beat


if __name__ == "__main__":
    asyncio.run(main())
    print("after asyncio.run: every task has finished")

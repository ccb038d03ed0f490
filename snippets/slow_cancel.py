# requires-python: >=3.11
"""A timeout waits for the cancelled task's cleanup, so TimeoutError can arrive
late."""

import asyncio


async def upload() -> None:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(
            "upload: cancelled; telling the server to discard the partial "
            "file (1 s)"
        )
        await asyncio.sleep(1)  # cleanup that itself has to wait
        raise


async def main() -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        await asyncio.wait_for(upload(), timeout=1)
    except TimeoutError:
        print(
            f"main: TimeoutError after {round(loop.time() - start)} s, not 1 s"
        )
    return loop.time() - start


if __name__ == "__main__":
    asyncio.run(main())

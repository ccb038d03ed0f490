# requires-python: >=3.11
"""Cancelling a task, and why `except Exception` does not see the cancellation.
"""

import asyncio


async def long_download() -> str:
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        print("download: cancelled, cleaning up")
        raise  # always let the cancellation continue
    return "file contents"


async def outcome(task: asyncio.Task[str]) -> str:
    """Describe how a task ended; `except Exception` handles failures, not
    cancellation."""
    try:
        return f"returned {await task!r}"
    except Exception as error:  # noqa: BLE001
        # A failure of the task is an answer here
        return f"failed with {error!r}"


async def main() -> None:
    task = asyncio.create_task(long_download())
    await asyncio.sleep(1)
    task.cancel()
    try:
        print(await outcome(task))
    except asyncio.CancelledError:
        me = asyncio.current_task()
        if me is not None and me.cancelling():
            # Main itself is being cancelled, not only the task it awaited
            raise
        print("main: CancelledError went straight past `except Exception`")
    print(f"cancelled={task.cancelled()}")
    print(
        "CancelledError is a BaseException: "
        f"{issubclass(asyncio.CancelledError, BaseException)}"
    )
    print(
        "CancelledError is an Exception: "
        f"{issubclass(asyncio.CancelledError, Exception)}"
    )


if __name__ == "__main__":
    asyncio.run(main())

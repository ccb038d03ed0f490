# requires-python: >=3.11
"""Cancellation with cleanup in `finally`, and the cancel message (3.11+)."""

import asyncio


async def download(name: str) -> str:
    print(f"{name}: opening connection")
    try:
        await asyncio.sleep(10)
        return f"{name} downloaded"
    finally:
        # Runs on success, error and cancellation
        print(f"{name}: closing connection")


async def main() -> None:
    task = asyncio.create_task(download("report.pdf"))
    await asyncio.sleep(1)
    task.cancel("the user pressed Stop")
    print(f"right after cancel(): cancelled={task.cancelled()}")
    try:
        await task
    except asyncio.CancelledError as stop:
        me = asyncio.current_task()
        if me is not None and me.cancelling():
            # Main itself is being cancelled, not only the task it awaited
            raise
        print(f"main: {stop!r}")
    print(f"after it stopped: cancelled={task.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())

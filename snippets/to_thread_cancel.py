# requires-python: >=3.11
# needs: threads
"""Cancelling a to_thread() call cancels the waiting, not the thread: the
blocking function runs on until it returns by itself."""

import asyncio
import threading


def blocking_report(release: threading.Event, finished: threading.Event) -> str:
    # A blocking call: nothing in asyncio can interrupt it
    release.wait(timeout=10)
    print("thread: the report finished anyway")
    finished.set()
    return "report"


async def main() -> None:
    release, finished = threading.Event(), threading.Event()
    task = asyncio.create_task(
        asyncio.to_thread(blocking_report, release, finished)
    )
    await asyncio.sleep(0.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # our own cancellation: let it through
    print(f"main: the task is cancelled: {task.cancelled()}")
    print(f"main: the thread has finished: {finished.is_set()}")
    # Only the function itself can end its call; asyncio.run also waits for
    # the default executor's threads before it returns
    release.set()


if __name__ == "__main__":
    asyncio.run(main())
    print("asyncio.run returned after the thread had finished")

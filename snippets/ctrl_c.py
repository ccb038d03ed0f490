# requires-python: >=3.11
# needs: signals
"""Ctrl-C under asyncio.run: the main task is cancelled first, so every task
can clean up, and only then does asyncio.run raise KeyboardInterrupt."""

import asyncio
import signal


async def download(name: str, cleanup_seconds: float) -> None:
    try:
        await asyncio.sleep(10)
    finally:
        # Cleanup may await too: the task is not forced to end at once
        await asyncio.sleep(cleanup_seconds)
        print(f"{name}: cleaned up")


async def main() -> None:
    loop = asyncio.get_running_loop()
    # As if the reader pressed Ctrl-C one second in
    loop.call_later(1, signal.raise_signal, signal.SIGINT)
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(download("page 1", 0.1))
            group.create_task(download("page 2", 0.2))
    except asyncio.CancelledError:
        print("main: cancelled by Ctrl-C, after the group's tasks ended")
        raise


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("asyncio.run raised KeyboardInterrupt once every task had ended")

# requires-python: >=3.11
"""Bug: cleanup placed in the task, but the task is cancelled before its first
step, so its body (and its `finally`) never runs."""

import asyncio


class Connection:
    def __init__(self) -> None:
        self.closed = False
        print("connection opened")

    def close(self) -> None:
        self.closed = True
        print("connection closed")


async def upload(connection: Connection) -> None:
    try:
        print("upload: started")
        await asyncio.sleep(1)
    finally:
        connection.close()  # never reached if the task never starts


async def main() -> None:
    connection = Connection()
    task = asyncio.create_task(upload(connection))
    # E.g. the user pressed Stop at once: the task has not run a single step
    task.cancel()
    await asyncio.wait([task])
    print(
        f"task cancelled: {task.cancelled()}; connection closed: "
        f"{connection.closed}"
    )


if __name__ == "__main__":
    asyncio.run(main())

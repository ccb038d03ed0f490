# requires-python: >=3.11
"""Fix: whoever opens a resource closes it. The code that opened the connection
closes it in its own `finally`, whether or not the task ever ran."""

import asyncio


class Connection:
    def __init__(self) -> None:
        self.closed = False
        print("connection opened")

    def close(self) -> None:
        self.closed = True
        print("connection closed")


async def upload(connection: Connection) -> None:
    print("upload: started")
    await asyncio.sleep(1)


async def main() -> None:
    connection = Connection()
    try:
        task = asyncio.create_task(upload(connection))
        task.cancel()
        await asyncio.wait([task])
    finally:
        connection.close()
    print(
        f"task cancelled: {task.cancelled()}; connection closed: "
        f"{connection.closed}"
    )


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""asyncio.Runner: several top-level calls on one event loop, set up your way.
"""

import asyncio
import contextvars

connection: contextvars.ContextVar[str] = contextvars.ContextVar("connection")


async def connect() -> asyncio.AbstractEventLoop:
    connection.set("db-1")
    await asyncio.sleep(0.1)
    print("connected")
    return asyncio.get_running_loop()


async def query() -> asyncio.AbstractEventLoop:
    await asyncio.sleep(0.1)
    print(f"query on {connection.get()}")
    return asyncio.get_running_loop()


def main() -> None:
    # One loop for the whole block, closed at its end
    with asyncio.Runner() as runner:
        first = runner.run(connect())
        second = runner.run(query())  # same loop, and the context `connect` set
    print(
        f"one loop for both calls: {first is second}; closed now: "
        f"{first.is_closed()}"
    )


if __name__ == "__main__":
    main()

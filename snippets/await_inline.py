# requires-python: >=3.11
"""Awaiting a coroutine runs it at once, inside the awaiting task; only a task
is scheduled on the event loop, and runs when the current task waits."""

import asyncio


async def greet(who: str) -> str:
    print(f"greet({who!r}) runs")
    return f"hello, {who}"


async def main() -> None:
    print("main: awaits a coroutine")
    print(f"main: got {await greet('coroutine')!r}, with no pause at all")
    task = asyncio.create_task(greet("task"))
    print("main: created a task; it has not run yet")
    await asyncio.sleep(0)  # the first moment main lets the loop run others
    print(f"main: the task is done: {task.done()}")
    print(f"main: got {await task!r}")


if __name__ == "__main__":
    asyncio.run(main())

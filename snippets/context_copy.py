# requires-python: >=3.11
"""contextvars: a task gets a copy of the context at the moment it is created.
"""

import asyncio
import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)


async def handle() -> None:
    print(f"task sees request_id={request_id.get()}")
    request_id.set("changed-in-task")
    print(f"task changed it to {request_id.get()}")


async def main() -> None:
    request_id.set("req-1")
    task = asyncio.create_task(handle())  # the copy is taken here
    request_id.set("req-2")  # too late for the task's copy
    await task
    print(f"main still sees request_id={request_id.get()}")


if __name__ == "__main__":
    asyncio.run(main())

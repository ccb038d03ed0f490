# requires-python: >=3.11
"""Since 3.12, wait_for runs the coroutine in the caller's own task: same
context."""

import asyncio
import contextvars
import sys

user: contextvars.ContextVar[str] = contextvars.ContextVar(
    "user", default="nobody"
)


async def log_in() -> None:
    await asyncio.sleep(0.1)
    user.set("ada")


async def main() -> None:
    await asyncio.wait_for(log_in(), timeout=1)
    print(
        f"Python {sys.version_info.major}.{sys.version_info.minor}: "
        f"after wait_for, user is {user.get()!r}"
    )
    await asyncio.create_task(log_in_as("bob"))
    print(f"after a task set it to 'bob', user is still {user.get()!r}")


async def log_in_as(name: str) -> None:
    # A task has its own copy of the context: the caller never sees this
    user.set(name)


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Bug: a task fails and nobody looks; the error surfaces only as a log line,
late."""

import asyncio
import gc


async def send_email(to: str) -> None:
    await asyncio.sleep(1)
    raise ConnectionError(f"cannot reach the mail server for {to}")


async def main() -> None:
    task = asyncio.create_task(send_email("ada@example.org"))
    await asyncio.sleep(2)  # ... other work; nobody awaits the task
    print(f"main: done, and the task says done={task.done()}")
    del task
    # The moment the task is freed, asyncio logs the lost error to stderr
    gc.collect()


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Fix: await every task you start, and handle its error where it can be acted
on."""

import asyncio


async def send_email(to: str) -> None:
    await asyncio.sleep(1)
    raise ConnectionError(f"cannot reach the mail server for {to}")


async def main() -> None:
    task = asyncio.create_task(send_email("ada@example.org"))
    await asyncio.sleep(2)  # ... other work
    try:
        await task
    except ConnectionError as error:
        print(f"main: sending failed ({error}); queued for retry")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Fix: a TaskGroup cancels the other tasks as soon as one fails."""

import asyncio


async def charge(customer: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if customer == "bob":
        raise PermissionError(f"{customer}'s card was declined")
    print(f"charged {customer}")
    return customer


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(charge("ada", 2))
            group.create_task(charge("bob", 1))
    except* PermissionError as failed:
        print(
            f"main: batch failed ({failed.exceptions[0]}); nothing else was "
            "charged"
        )
    await asyncio.sleep(2)  # main goes on with other work...


if __name__ == "__main__":
    asyncio.run(main())

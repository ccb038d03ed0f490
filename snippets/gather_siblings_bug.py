# requires-python: >=3.11
"""Bug: when one awaitable in gather fails, the others are not stopped."""

import asyncio


async def charge(customer: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if customer == "bob":
        raise PermissionError(f"{customer}'s card was declined")
    # Happens even after the batch was reported as failed
    print(f"charged {customer}")
    return customer


async def main() -> None:
    batch = asyncio.gather(charge("ada", 2), charge("bob", 1))
    try:
        await batch
    except PermissionError as error:
        print(
            f"main: batch failed ({error}); telling the shop nothing was "
            "charged"
        )
    await asyncio.sleep(2)  # main goes on with other work...


if __name__ == "__main__":
    asyncio.run(main())

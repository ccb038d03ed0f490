# requires-python: >=3.11
"""Bug: a coroutine that swallows CancelledError defeats the timeout around it.
"""

import asyncio


async def fetch_prices() -> str:
    try:
        await asyncio.sleep(3)
        return "fresh prices"
    except asyncio.CancelledError:
        print("fetch_prices: cancelled, but carrying on")  # the bug: no `raise`
        return "stale prices"


async def main() -> str:
    try:
        async with asyncio.timeout(1):
            prices = await fetch_prices()
    except TimeoutError:
        print("main: timed out after 1 s")
        return "timed out"
    print(f"main: no TimeoutError, so main goes on with {prices!r}")
    return prices


if __name__ == "__main__":
    asyncio.run(main())

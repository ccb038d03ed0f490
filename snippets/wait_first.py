# requires-python: >=3.11
"""wait(FIRST_COMPLETED): take the first answer, then cancel the rest."""

import asyncio


async def ask(mirror: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"package from {mirror}"


async def main() -> str:
    tasks = {asyncio.create_task(ask(m, s), name=m)
             for m, s in [("eu", 2.0), ("us", 1.0), ("asia", 3.0)]}
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        winner = done.pop()
        # Raises if the first to finish failed
        print(f"first answer: {winner.result()}")
        return winner.result()
    finally:
        # The others are cancelled however main ends: answer, failure or
        # cancellation
        losers = [task for task in tasks if not task.done()]
        for task in losers:
            task.cancel()
        # Let the cancellations finish
        await asyncio.gather(*losers, return_exceptions=True)
        print(
            "cancelled: "
            f"{sorted(t.get_name() for t in losers if t.cancelled())}"
        )


if __name__ == "__main__":
    asyncio.run(main())

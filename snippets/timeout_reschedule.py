# requires-python: >=3.11
"""asyncio.timeout, timeout_at and reschedule: a deadline that moves while
progress is made."""

import asyncio


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()

    # Since start, to the half second: the schedule's grain
    def seconds(moment: float) -> str:
        return f"{round((moment - start) * 2) / 2:.1f} s"

    def now() -> str:
        return seconds(loop.time())

    def at(when: float | None) -> str:
        assert when is not None, (
            "when() is None only for a timeout with no deadline"
        )
        return seconds(when)

    async with asyncio.timeout(2) as deadline:  # relative: 2 s from now
        print(f"timeout(2) will expire at {at(deadline.when())}")
        await asyncio.sleep(1)
    print(f"left the block at {now()}, in time")

    try:  # an idle timeout: each chunk that arrives earns one more second
        async with asyncio.timeout_at(loop.time() + 1) as idle:
            for chunk in range(3):
                await asyncio.sleep(0.5)  # a chunk arrives
                idle.reschedule(loop.time() + 1)
                print(
                    f"chunk {chunk} at {now()}; deadline moved to "
                    f"{at(idle.when())}"
                )
            await asyncio.sleep(5)  # the sender goes quiet
    except TimeoutError:
        print(f"TimeoutError at {now()}: nothing arrived for 1 s")
    print(f"expired() = {idle.expired()}")


if __name__ == "__main__":
    asyncio.run(main())

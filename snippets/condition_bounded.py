# requires-python: >=3.11
"""Condition: wait until shared state passes a test, re-checked whenever a
task says it changed. BoundedSemaphore: a Semaphore that refuses a release
it never handed out."""

import asyncio


async def baker(oven: asyncio.Condition, trays: list[str]) -> None:
    for tray in ("bread", "rolls", "pie"):
        await asyncio.sleep(1)
        async with oven:
            trays.append(tray)
            print(f"baker: {tray} is ready")
            oven.notify_all()  # the waiters re-check their test


async def waiter(oven: asyncio.Condition, trays: list[str]) -> None:
    async with oven:
        await oven.wait_for(lambda: len(trays) >= 2)
        print(f"waiter: two trays ready ({', '.join(trays)}), serving")


async def main() -> None:
    oven = asyncio.Condition()
    trays: list[str] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(waiter(oven, trays))
        group.create_task(baker(oven, trays))

    slots = asyncio.BoundedSemaphore(2)
    async with slots:
        pass  # acquired and released once: fine
    try:
        slots.release()  # one release too many: a bug in the caller
    except ValueError as error:
        print(f"BoundedSemaphore refused the extra release: {error}")


if __name__ == "__main__":
    asyncio.run(main())

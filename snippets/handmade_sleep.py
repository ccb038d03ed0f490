# requires-python: >=3.11
"""asyncio.sleep() rebuilt from a Future and a timer: a task waits on the
Future, and the event loop's timer completes it, which wakes the task."""

import asyncio
import time


async def handmade_sleep(seconds: float) -> None:
    loop = asyncio.get_running_loop()
    wake_up = loop.create_future()
    timer = loop.call_later(seconds, wake_up.set_result, None)
    try:
        await wake_up  # the task is suspended here until the timer fires
    finally:
        # If the task was cancelled instead, the timer must not fire on a
        # cancelled Future (set_result would raise InvalidStateError)
        timer.cancel()


async def process_item(item: int, delay: float) -> str:
    print(f"Starting to process item {item}")
    await handmade_sleep(delay)
    print(f"Finished processing item {item} after {delay} seconds")
    return f"Result for item {item}"


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        first = group.create_task(process_item(1, 3))
        second = group.create_task(process_item(2, 1))
    print(f"Results: {first.result()}, {second.result()}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total time taken: {time.perf_counter() - start:.2f} seconds")

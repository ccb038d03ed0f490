# requires-python: >=3.11
# needs: signals
"""Stopping on SIGTERM: the handler sets an Event, each worker finishes the
request in hand and stops, and the program exits normally."""

import asyncio
import signal


async def worker(name: str, stopping: asyncio.Event) -> None:
    handled = 0
    while not stopping.is_set():
        # One request, never cut off half-way
        await asyncio.sleep(0.5)
        handled += 1
    print(f"{name}: finished the request in hand; {handled} handled")


async def main() -> None:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    try:
        # As if a service manager stopped the program, between two requests
        loop.call_later(1.25, signal.raise_signal, signal.SIGTERM)
        async with asyncio.timeout(5):  # how long draining may take
            async with asyncio.TaskGroup() as group:
                group.create_task(worker("worker 1", stopping))
                group.create_task(worker("worker 2", stopping))
                await stopping.wait()
                print("main: SIGTERM received; no new requests")
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
    print("main: every worker has stopped; exiting normally")


if __name__ == "__main__":
    asyncio.run(main())

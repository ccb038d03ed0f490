# requires-python: >=3.11
"""Fix: a Semaphore lets at most ten requests in at a time; the rest wait their
turn."""

import asyncio


class Server:
    """A stand-in for a real service that handles at most `capacity` requests at
    a time."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.active = 0
        self.busiest = 0

    async def handle(self, request: int) -> str:
        if self.active == self.capacity:
            raise ConnectionRefusedError(f"request {request}: server busy")
        self.active += 1
        self.busiest = max(self.busiest, self.active)
        try:
            await asyncio.sleep(1)  # the server's work
            return f"response {request}"
        finally:
            self.active -= 1


async def fetch_all(server: Server, requests: int, limit: int) -> list[str]:
    slots = asyncio.Semaphore(limit)

    async def fetch(request: int) -> str:
        async with slots:  # waits here while `limit` requests are in flight
            return await server.handle(request)

    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(fetch(request)) for request in range(requests)
        ]
    return [task.result() for task in tasks]


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    server = Server(capacity=10)
    responses = await fetch_all(server, 30, limit=10)
    print(f"served {len(responses)}, refused 0")
    print(f"busiest moment: {server.busiest} requests at once")
    print(f"took {loop.time() - start:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Bug: every request started at once. Tasks are cheap; the server's capacity is
not."""

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


async def fetch_all(server: Server, requests: int) -> list[str | BaseException]:
    return await asyncio.gather(
        *(server.handle(request) for request in range(requests)),
        return_exceptions=True,
    )


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    server = Server(capacity=10)
    outcomes = await fetch_all(server, 30)
    served = sum(isinstance(outcome, str) for outcome in outcomes)
    print(f"served {served}, refused {len(outcomes) - served}")
    print(f"busiest moment: {server.busiest} requests at once")
    print(f"took {loop.time() - start:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())

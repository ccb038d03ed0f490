# requires-python: >=3.13
"""Python 3.13's Queue.shutdown(): the workers finish the queue, then return by
themselves."""

import asyncio

JOBS = {
    "resize a.png": 2.0,
    "resize b.png": 0.2,
    "resize c.png": 0.4,
    "resize d.png": 0.2,
    "resize e.png": 0.6,
}  # seconds each


async def worker(name: str, queue: asyncio.Queue[str]) -> int:
    handled = 0
    while True:
        try:
            job = await queue.get()
        except asyncio.QueueShutDown:  # shut down, and nothing left to take
            print(
                f"{name}: stops, the queue is shut down (jobs handled: "
                f"{handled})"
            )
            return handled
        await asyncio.sleep(JOBS[job])  # the work
        print(f"{name}: {job}")
        handled += 1


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=10)
    async with asyncio.TaskGroup() as group:
        workers = [
            group.create_task(worker(f"worker {n}", queue)) for n in (1, 2)
        ]
        for job in JOBS:
            await queue.put(job)
        # No more puts; get() raises QueueShutDown once the queue is empty
        queue.shutdown()
    print(
        f"all {sum(task.result() for task in workers)} jobs done by "
        f"{len(workers)} workers"
    )


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""A fixed pool of workers fed by a Queue: three tasks handle any number of
jobs."""

import asyncio

JOBS = {
    "resize a.png": 2.0,
    "resize b.png": 0.2,
    "resize c.png": 0.4,
    "resize d.png": 0.2,
    "resize e.png": 0.6,
}  # seconds each


async def worker(name: str, queue: asyncio.Queue[str]) -> None:
    while True:
        job = await queue.get()
        try:
            await asyncio.sleep(JOBS[job])  # the work
            print(f"{name}: {job}")
        except Exception as error:  # noqa: BLE001
            # A failed job must not end the worker
            print(f"{name}: {job} failed: {error!r}")
        finally:
            queue.task_done()


async def main() -> None:
    # A full queue makes put() wait
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=10)
    workers = [
        asyncio.create_task(worker(f"worker {n}", queue)) for n in (1, 2)
    ]
    for job in JOBS:
        await queue.put(job)
    await queue.join()  # every job taken and marked done
    for task in workers:
        # The workers loop forever: stop them, and wait until they have stopped
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print(f"all {len(JOBS)} jobs done by {len(workers)} workers")


if __name__ == "__main__":
    asyncio.run(main())

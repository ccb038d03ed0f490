# requires-python: >=3.11
"""Naming tasks, and asking which task is running and which ones exist."""

import asyncio


async def worker(seconds: float) -> None:
    me = asyncio.current_task()
    assert me is not None
    print(f"{me.get_name()}: started")
    await asyncio.sleep(seconds)


async def main() -> list[str]:
    main_task = asyncio.current_task()
    assert main_task is not None
    main_task.set_name("main")
    workers = [
        asyncio.create_task(worker(s), name=f"worker-{s:g}s") for s in (1, 2)
    ]
    await asyncio.sleep(0)  # let the workers start
    names = sorted(t.get_name() for t in asyncio.all_tasks())
    print(f"all_tasks(): {names}")
    await asyncio.gather(*workers)
    print(f"after gather: {sorted(t.get_name() for t in asyncio.all_tasks())}")
    return names


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.14
"""Where is my program stuck? Ask asyncio who awaits whom (3.14+)."""

import asyncio


async def simmer_sauce() -> None:
    await asyncio.sleep(600)  # ten minutes: still simmering when main looks


async def chop(vegetable: str, board_free: asyncio.Event) -> None:
    await board_free.wait()  # the bug: nothing ever sets this event
    print(f"Chopped the {vegetable}")


async def prepare_dinner(board_free: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(simmer_sauce(), name="simmer sauce")
        tg.create_task(chop("carrots", board_free), name="chop carrots")


async def main() -> None:
    dinner = asyncio.create_task(prepare_dinner(asyncio.Event()), name="dinner")
    await asyncio.wait([dinner], timeout=1)
    print("Dinner is not ready after 1 s. Who is waiting for what:")
    for task in asyncio.all_tasks():
        if task.get_name() == "chop carrots":
            print(asyncio.format_call_graph(task))
    dinner.cancel()
    await asyncio.wait([dinner])
    print(f"Cancelled the stuck dinner: {dinner.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())

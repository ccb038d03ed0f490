# requires-python: >=3.14
"""A one-line-per-task report of what each task waits on, from
capture_call_graph (3.14+)."""

import asyncio


def report_tasks() -> None:
    """Print, for every other task, where its own code waits and who awaits it.
    """
    others = asyncio.all_tasks() - {asyncio.current_task()}
    for task in sorted(others, key=asyncio.Task.get_name):
        graph = asyncio.capture_call_graph(task)
        assert graph is not None  # None only when there is no task to describe
        own = [entry.frame for entry in graph.call_stack
               if entry.frame.f_code.co_filename == __file__]
        where = (
            f"{own[0].f_code.co_name}() line {own[0].f_lineno}"
            if own
            else "library code"
        )
        awaited_by = ", ".join(
            name_of(parent.future) for parent in graph.awaited_by
        )
        print(
            f"{task.get_name()}: waiting in {where}; awaited by "
            f"{awaited_by or 'nobody'}"
        )


def name_of(future: asyncio.Future[object]) -> str:
    return (
        future.get_name() if isinstance(future, asyncio.Task) else repr(future)
    )


async def roast(minutes: int) -> None:
    await asyncio.sleep(minutes)


async def greet_guests(arrived: asyncio.Event) -> None:
    await arrived.wait()
    print("Guests greeted")


async def main() -> None:
    arrived = asyncio.Event()
    async with asyncio.TaskGroup() as tg:
        tg.create_task(roast(2), name="roast")
        tg.create_task(greet_guests(arrived), name="greeter")
        await asyncio.sleep(1)
        report_tasks()
        arrived.set()
    print("Dinner served")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""result(), exception() and add_done_callback(), and why await order is not
finish order."""

import asyncio


async def brew(drink: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if drink == "espresso":
        raise RuntimeError("the machine is out of beans")
    return f"{drink} is ready"


def announce(task: asyncio.Task[str]) -> None:
    """Runs as soon as a task finishes, whoever awaits it and whenever."""
    # Check this first: on a cancelled task, exception() and result() raise
    # CancelledError
    if task.cancelled():
        print(f"callback: {task.get_name()} was cancelled")
    elif (error := task.exception()) is not None:
        print(f"callback: {task.get_name()} failed: {error}")
    else:
        print(f"callback: {task.get_name()} -> {task.result()}")


async def main() -> list[str]:
    orders = {"tea": 3.0, "coffee": 1.0, "espresso": 2.0}
    tasks = [asyncio.create_task(brew(drink, seconds), name=drink)
             for drink, seconds in orders.items()]
    for task in tasks:
        task.add_done_callback(announce)
    served = []
    for task in tasks:  # awaited in order of creation: tea, coffee, espresso
        try:
            served.append(await task)
            print(f"main: served {task.result()}")
        except RuntimeError:
            print(
                f"main: {task.get_name()} failed, exception() = "
                f"{task.exception()!r}"
            )
    return served


if __name__ == "__main__":
    asyncio.run(main())

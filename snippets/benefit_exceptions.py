# requires-python: >=3.11
"""Exception handling: a task stores its exception and re-raises it when
awaited."""

import asyncio


async def charge_card(amount: float) -> str:
    await asyncio.sleep(1)
    if amount <= 0:
        raise ValueError(f"cannot charge {amount}")
    return f"charged {amount}"


async def main() -> None:
    task = asyncio.create_task(charge_card(-5))
    try:
        await task
    except ValueError as error:
        print(f"await re-raised: {error!r}")
    print(f"exception() returns it too: {task.exception()!r}")
    print(f"done={task.done()} cancelled={task.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())

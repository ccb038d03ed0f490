# requires-python: >=3.11
"""A timeout with wait_for: it raises TimeoutError and cancels the task it
waited for."""

import asyncio


async def slow_report() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("report: cancelled by the timeout")
        raise
    return "report"


async def main() -> None:
    task = asyncio.create_task(slow_report())
    try:
        await asyncio.wait_for(task, timeout=2.0)
    except TimeoutError:
        # Built-in since 3.11; asyncio.TimeoutError is the same class
        print("Task took too long!")
    print(f"the task was cancelled: {task.cancelled()}")
    print(
        "asyncio.TimeoutError is TimeoutError: "
        f"{asyncio.TimeoutError is TimeoutError}"
    )


if __name__ == "__main__":
    asyncio.run(main())

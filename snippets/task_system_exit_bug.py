# requires-python: >=3.11
"""BUG: SystemExit (or KeyboardInterrupt) raised in a task leaves the event
loop at once: catching it in main does not keep the program running."""

import asyncio


async def save_draft() -> None:
    try:
        await asyncio.sleep(5)
    finally:
        print("save_draft: cleaning up")


async def quit_command() -> None:
    await asyncio.sleep(1)
    raise SystemExit(0)  # BUG: a way out of the program, not a result


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(save_draft())
            group.create_task(quit_command())
    except SystemExit as stop:
        # Runs, but only while asyncio.run shuts down the loop
        print(f"main: caught SystemExit({stop.code}), not in an ExceptionGroup")
    print("main: returns normally")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except SystemExit as stop:
        print(f"asyncio.run raised SystemExit({stop.code}) all the same")

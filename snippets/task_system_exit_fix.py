# requires-python: >=3.11
"""FIX: a task asks the program to stop with an ordinary exception; the group
cancels the others, and main decides how the program ends."""

import asyncio


class QuitRequested(Exception):
    """Raised by a task to ask the program to stop."""


async def save_draft() -> None:
    try:
        await asyncio.sleep(5)
    finally:
        print("save_draft: cleaning up")


async def quit_command() -> None:
    await asyncio.sleep(1)
    raise QuitRequested


async def main() -> str:
    ending = "finished"
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(save_draft())
            group.create_task(quit_command())
    except* QuitRequested:
        print("main: quit requested; the group has ended every task")
        ending = "quit"
    return ending


if __name__ == "__main__":
    print(f"asyncio.run returned {asyncio.run(main())!r}")

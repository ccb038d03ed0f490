# requires-python: >=3.11
"""Fix: shield the task, so a timeout stops the waiting but not the work."""

import asyncio


async def save_document() -> str:
    try:
        await asyncio.sleep(3)  # a slow disk or network
    except asyncio.CancelledError:
        print("save_document: cancelled halfway, nothing saved")
        raise
    print("save_document: saved")
    return "saved"


async def main() -> str:
    save = asyncio.create_task(save_document())
    try:
        await asyncio.wait_for(asyncio.shield(save), timeout=1)
    except TimeoutError:
        print(
            "main: not saved within 1 s; telling the user we will keep trying"
        )
    print(f"main: the save task was cancelled={save.cancelled()}")
    result = await save  # still running; finishes at 3 s
    print(f"main: {result}")
    return result


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
# needs: threads
"""run_coroutine_threadsafe: a plain thread hands a coroutine to the event loop.
"""

import asyncio
import threading

ANSWER_WITHIN = 5.0  # seconds the worker thread waits for the loop's answer


async def lookup(user_id: int) -> str:
    await asyncio.sleep(0.5)  # async work that must run on the loop
    return f"user {user_id} is {'ada' if user_id == 1 else 'unknown'}"


def legacy_callback(loop: asyncio.AbstractEventLoop, user_id: int) -> str:
    """Code in another thread (a sync library's callback, say) that needs async
    work done."""
    future = asyncio.run_coroutine_threadsafe(lookup(user_id), loop)
    try:
        # Blocks this thread, not the loop
        answer = future.result(timeout=ANSWER_WITHIN)
    except TimeoutError:
        future.cancel()  # else the coroutine runs on, on the loop, for nobody
        raise
    print(f"worker thread got: {answer}")
    return answer


async def main() -> str:
    loop = asyncio.get_running_loop()
    print(
        "loop runs in the main thread: "
        f"{threading.current_thread() is threading.main_thread()}"
    )
    return await asyncio.to_thread(legacy_callback, loop, 1)


if __name__ == "__main__":
    asyncio.run(main())

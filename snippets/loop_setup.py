# requires-python: >=3.14
"""Setting up the event loop without policies (3.14+): asyncio.Runner and
loop_factory."""

import asyncio
from collections.abc import Coroutine
from typing import Any

loops_used: set[asyncio.AbstractEventLoop] = set()


def logged_task(
    loop: asyncio.AbstractEventLoop,
    coro: Coroutine[Any, Any, Any],
    **options: Any,
) -> asyncio.Task[Any]:
    name = getattr(coro, "__qualname__", type(coro).__name__)
    print(f"task factory: {name}() with {sorted(options)}")
    return asyncio.Task(coro, loop=loop, **options)


def kitchen_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.EventLoop()
    loop.set_task_factory(logged_task)
    return loop


async def boil_water() -> str:
    await asyncio.sleep(0.5)
    return "boiling water"


async def cook(dish: str) -> str:
    loops_used.add(asyncio.get_running_loop())
    water = await asyncio.create_task(boil_water(), name="boil water")
    return f"{dish} cooked in {water}"


def main() -> None:
    try:
        asyncio.get_event_loop()
    except RuntimeError as error:
        print(f"get_event_loop() with no loop running: RuntimeError: {error}")
    with asyncio.Runner(loop_factory=kitchen_loop) as runner:
        print(runner.run(cook("pasta")))
        print(runner.run(cook("rice")))
    print(f"both dishes cooked on one loop: {len(loops_used) == 1}")


if __name__ == "__main__":
    main()

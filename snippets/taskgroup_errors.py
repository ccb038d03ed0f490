# requires-python: >=3.11
"""TaskGroup collects every failure in an ExceptionGroup; except* handles each kind."""

import asyncio


async def check(host: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if host.endswith(".invalid"):
        raise ConnectionError(f"{host}: no such host")
    if host.startswith("slow"):
        raise TimeoutError(f"{host}: no answer")
    return f"{host}: ok"


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            for host in ["a.example", "b.invalid", "slow.example"]:
                group.create_task(check(host, 1))
    except* ConnectionError as unreachable:
        print(f"connection problems: {[str(e) for e in unreachable.exceptions]}")
    except* TimeoutError as slow:
        print(f"too slow: {[str(e) for e in slow.exceptions]}")


if __name__ == "__main__":
    asyncio.run(main())

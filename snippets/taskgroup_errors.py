# requires-python: >=3.11
"""TaskGroup collects every failure in an ExceptionGroup; except* handles each
kind."""

import asyncio


async def check(host: str) -> str:
    if " " in host:
        raise ValueError(f"{host!r}: a host name has no spaces")
    # A name reserved never to exist: no need to ask anyone
    if host.endswith(".invalid"):
        raise ConnectionError(f"{host}: no such host")
    await asyncio.sleep(1)  # asks the host
    return f"{host}: ok"


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            for host in ["a.example", "b.invalid", "c d.example"]:
                group.create_task(check(host))
    except* ConnectionError as unreachable:
        print(
            f"connection problems: {[str(e) for e in unreachable.exceptions]}"
        )
    except* ValueError as malformed:
        print(f"bad host names: {[str(e) for e in malformed.exceptions]}")


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""gather: results come back in argument order, and return_exceptions keeps
failures as values."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if name == "broken":
        raise LookupError(f"{name} not found")
    return f"{name} ({seconds:g} s)"


async def main() -> tuple[str | BaseException, ...]:
    in_order = await asyncio.gather(fetch("slow", 2), fetch("fast", 1))
    print(f"gather: {in_order}")  # argument order, not finish order

    outcomes = await asyncio.gather(
        fetch("fast", 1), fetch("broken", 1), return_exceptions=True
    )
    for outcome in outcomes:
        kind = "failed" if isinstance(outcome, BaseException) else "ok"
        print(f"{kind}: {outcome!r}")
    return outcomes


if __name__ == "__main__":
    asyncio.run(main())

# requires-python: >=3.11
"""Testing code that uses tasks with the standard library alone:
IsolatedAsyncioTestCase gives every test method an event loop of its own."""

import asyncio
import sys
import unittest


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"{name} fetched"


async def fetch_all(names: dict[str, float]) -> list[str]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(n, s)) for n, s in names.items()]
    return [task.result() for task in tasks]


class FetchAllTest(unittest.IsolatedAsyncioTestCase):
    async def test_order(self) -> None:
        # the results keep the order of the names, not of finishing
        results = await fetch_all({"slow": 0.02, "fast": 0.01})
        self.assertEqual(results, ["slow fetched", "fast fetched"])

    async def test_timeout(self) -> None:
        # a timeout cancels the whole group
        with self.assertRaises(TimeoutError):
            async with asyncio.timeout(0.01):
                await fetch_all({"slow": 10, "fast": 0.001})


def main() -> None:
    tests = unittest.defaultTestLoader.loadTestsFromTestCase(FetchAllTest)
    unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(tests)


if __name__ == "__main__":
    main()

# requires-python: >=3.11
"""Fix: an asyncio.Lock makes check-await-act one step that other tasks cannot
interleave."""

import asyncio


class Account:
    def __init__(self, balance: int) -> None:
        self.balance = balance
        self.lock = asyncio.Lock()

    async def withdraw(self, who: str, amount: int) -> bool:
        async with self.lock:  # the whole check-await-act, one task at a time
            if self.balance < amount:
                print(f"{who}: refused, balance is {self.balance}")
                return False
            await asyncio.sleep(1)  # ask the fraud check service
            self.balance -= amount
            print(f"{who}: withdrew {amount}, balance is {self.balance}")
            return True


async def main() -> int:
    account = Account(100)
    async with asyncio.TaskGroup() as group:
        group.create_task(account.withdraw("ada", 80))
        group.create_task(account.withdraw("bob", 70))
    print(f"final balance: {account.balance}")
    return account.balance


if __name__ == "__main__":
    asyncio.run(main())

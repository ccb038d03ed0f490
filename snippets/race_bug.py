# requires-python: >=3.11
"""Bug: check, await, act. Two withdrawals both pass the check and overdraw the
account."""

import asyncio


class Account:
    def __init__(self, balance: int) -> None:
        self.balance = balance

    async def withdraw(self, who: str, amount: int) -> bool:
        if self.balance < amount:
            print(f"{who}: refused, balance is {self.balance}")
            return False
        # Ask the fraud check service; other tasks run meanwhile
        await asyncio.sleep(1)
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

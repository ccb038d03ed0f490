import asyncio
from collections.abc import Callable

import looptime
import pytest

from snippets import loop_setup
from tests.helpers import RealRun, assert_real_run

EXPECTED = [
    "get_event_loop() with no loop running: RuntimeError: There is no current event loop "
    "in thread 'MainThread'.",
    "task factory: cook() with ['context']",
    "task factory: boil_water() with ['name']",
    "pasta cooked in boiling water",
    "task factory: cook() with ['context']",
    "task factory: boil_water() with ['name']",
    "rice cooked in boiling water",
    "task factory: BaseEventLoop.shutdown_asyncgens() with []",
    "task factory: BaseEventLoop.shutdown_default_executor() with []",
    "both dishes cooked on one loop: True",
]


def test_one_runner_runs_both_dishes_on_one_loop_with_its_factory(
    monkeypatch: pytest.MonkeyPatch, prints: list[tuple[float, str]]
) -> None:
    kitchen_loop = loop_setup.kitchen_loop

    def virtual_kitchen_loop() -> asyncio.AbstractEventLoop:
        return looptime.patch_event_loop(kitchen_loop(), start=0)  # type: ignore[arg-type]

    monkeypatch.setattr(loop_setup, "kitchen_loop", virtual_kitchen_loop)
    monkeypatch.setattr(loop_setup, "loops_used", set())
    loop_setup.main()
    assert [text for _, text in prints] == EXPECTED


def test_the_kitchen_loop_carries_the_factory() -> None:
    loop = loop_setup.kitchen_loop()
    try:
        assert loop.get_task_factory() is loop_setup.logged_task
    finally:
        loop.close()


async def test_the_factory_receives_create_tasks_keyword_arguments(
    prints: list[tuple[float, str]],
) -> None:
    loop = asyncio.get_running_loop()
    loop.set_task_factory(loop_setup.logged_task)
    try:
        task = asyncio.create_task(loop_setup.boil_water(), name="kettle", eager_start=False)
    finally:
        loop.set_task_factory(None)
    assert await task == "boiling water"
    assert task.get_name() == "kettle"
    assert prints == [(0.0, "task factory: boil_water() with ['eager_start', 'name']")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["loop_setup"], EXPECTED)


POLICY_USES: dict[str, Callable[[], object]] = {
    "get_event_loop_policy": lambda: asyncio.get_event_loop_policy(),
    "set_event_loop_policy": lambda: asyncio.set_event_loop_policy(None),
    "DefaultEventLoopPolicy": lambda: asyncio.DefaultEventLoopPolicy,  # named, not called
    "AbstractEventLoopPolicy": lambda: asyncio.AbstractEventLoopPolicy,
}


@pytest.mark.parametrize("name", POLICY_USES)
def test_the_policy_functions_warn_of_their_removal_in_3_16(name: str) -> None:
    """The two functions when called, the policy classes as soon as they are named."""
    use = POLICY_USES[name]
    with pytest.warns(DeprecationWarning, match=f"'asyncio.{name}' is deprecated and "
                      "slated for removal in Python 3.16"):
        use()

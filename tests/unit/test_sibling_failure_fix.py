import pytest

from snippets import sibling_failure_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Item 2 was cancelled"),
    (1.0, "main: the group failed with (ValueError('item 1 is corrupt'),)"),
    (1.0, "main: item 2 cancelled=True, and main carries on"),
]


async def test_the_group_cancels_item_2_before_main_sees_the_error(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await sibling_failure_fix.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_without_a_failure_the_group_returns_both_results(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sibling_failure_fix.process_item

    async def healthy(item_id: int, delay: float) -> str:
        return await real(item_id + 10, delay)  # ids above 1 never fail

    monkeypatch.setattr(sibling_failure_fix, "process_item", healthy)
    await sibling_failure_fix.main()
    assert prints[-3:] == [
        (1.0, "Finished processing item 11"), (3.0, "Finished processing item 12"),
        (3.0, "All done! Results: Result for item 11, Result for item 12")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["sibling_failure_fix"], texts(EXPECTED))

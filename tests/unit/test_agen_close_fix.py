from collections.abc import AsyncGenerator

import pytest

from snippets import agen_close_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "sensor: opened"),
    (0.5, "main: read 0"),
    (1.0, "main: read 1"),
    (1.0, "sensor: closed"),
    (1.0, "main: done reading; the sensor is closed"),
    (2.0, "main: returns"),
]


async def test_aclosing_closes_the_generator_when_main_stops_reading(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await agen_close_fix.main()
    assert prints == EXPECTED
    assert looptime == 2.0


async def test_read_to_the_end_the_generator_closes_itself(
    prints: list[tuple[float, str]],
) -> None:
    assert [value async for value in agen_close_fix.readings()] == list(range(10))
    assert prints[-1] == (5.0, "sensor: closed")


async def test_a_stream_that_ends_before_main_would_stop_is_read_to_its_end(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def one_reading() -> AsyncGenerator[int]:
        yield 0

    monkeypatch.setattr(agen_close_fix, "readings", one_reading)
    await agen_close_fix.main()
    assert texts(prints)[0] == "main: read 0"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["agen_close_fix"], texts(EXPECTED))

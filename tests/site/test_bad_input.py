"""Bad snippets fail the strict build, and the message names the page and the block."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.site.conftest import Build

pytestmark = pytest.mark.build

PAGE = """# Broken

```python exec="on" id="broken"
--8<-- "snippets/broken.py"
```
"""


def test_a_snippet_that_raises_fails_the_build(
    scratch_site: Callable[[dict[str, str]], Build],
) -> None:
    build = scratch_site({
        "docs/index.md": PAGE,
        "snippets/broken.py": 'raise RuntimeError("boom")\n',
    })
    assert build.returncode != 0
    assert "page index.md, block 'broken' raised an exception" in build.log
    assert "RuntimeError: boom" in build.log

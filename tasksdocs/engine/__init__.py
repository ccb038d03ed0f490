"""Running a block faithfully: interpreters, isolated processes, the cache of clean runs,
the tests' expectations, and the scale page's measurement. It knows nothing of MkDocs."""

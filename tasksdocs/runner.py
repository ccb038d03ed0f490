"""Child process that runs one snippet exactly as `python snippets/<name>.py` would.

The parent (`tasksdocs.hooks`) starts `python runner.py LABEL TIMEOUT` and writes the
snippet's source to stdin. Running in a child process means:

* the `if __name__ == "__main__":` guard runs, because the code runs as `__main__`;
* everything written to stdout is captured, not just the global `print`;
* `sys.exit`, `KeyboardInterrupt` and an escaping `CancelledError` end the child, not MkDocs;
* a hang, cooperative or blocking, is ended by a watchdog after TIMEOUT seconds.

Exit codes tell the parent what happened; details go to stderr.
"""

from __future__ import annotations

import faulthandler
import linecache
import os
import sys
import threading
import traceback

EXIT_OK = 0
EXIT_RAISED = 1
EXIT_CALLED_EXIT = 2
EXIT_TIMED_OUT = 3


def run(source: str, label: str) -> int:
    """Run `source` as the `__main__` module and return the exit code for the parent."""
    linecache.cache[label] = (len(source), None, source.splitlines(keepends=True), label)
    code = compile(source, label, "exec")
    namespace = {"__name__": "__main__", "__file__": label, "__builtins__": __builtins__}
    try:
        exec(code, namespace)
    except SystemExit as stop:
        sys.stdout.flush()
        print(f"the snippet called sys.exit({stop.code!r}); snippets must end by returning",
              file=sys.stderr)
        return EXIT_CALLED_EXIT
    except BaseException:  # noqa: BLE001 - report every escape, CancelledError included
        sys.stdout.flush()
        traceback.print_exc()
        return EXIT_RAISED
    return EXIT_OK


def start_watchdog(timeout: float) -> threading.Timer:
    """End the process after `timeout` seconds, even if the snippet blocks the event loop."""

    def give_up() -> None:
        sys.stdout.flush()
        print(f"the snippet was still running after {timeout:g} s; stacks at that moment:",
              file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        sys.stderr.flush()
        os._exit(EXIT_TIMED_OUT)

    watchdog = threading.Timer(timeout, give_up)
    watchdog.daemon = True
    watchdog.start()
    return watchdog


def main() -> None:
    label, timeout = sys.argv[1], float(sys.argv[2])
    source = sys.stdin.read()
    watchdog = start_watchdog(timeout)
    status = run(source, label)
    watchdog.cancel()
    sys.stdout.flush()
    sys.stderr.flush()
    raise SystemExit(status)


if __name__ == "__main__":
    main()

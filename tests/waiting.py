"""Waiting in tests: on a condition with a deadline, never a fixed sleep."""

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], *, what: str, seconds: float = 60, every: float = 0.05) -> None:
    """Returns as soon as `condition()` is true, checked every `every` seconds; AssertionError
    saying `what` never happened after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never happened within {seconds} s")
        time.sleep(every)

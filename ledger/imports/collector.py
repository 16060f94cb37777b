"""Python's cycle collector paused while an import reads, previews, keeps or commits a file.

The collector runs whenever enough new objects have piled up, and now and then walks every
object alive. An import of 20,000 rows makes millions (cells, converted values, outcomes,
the kept JSON) that all live to its end and hold no cycle, so each walk finds nothing and
the walks grow with the file: a quarter of the time of a 20,000-row import went to them.
Paused, they do not run; reference counting frees everything as before, and a cycle
left behind is collected once the collector resumes."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause automatic collection for the block (or, as `@paused_collector()`, the
    function); it resumes on leaving, if it was running on entering (a nested pause
    leaves it paused, the outermost resumes it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

"""The cyclic garbage collector around the TUI's start-up (standard library only)."""

import gc


def paused_gc() -> None:
    """The TUI's start-up allocates a great many objects that live as long as the process
    (modules, classes, styles), and the cyclic collector ran over them about a hundred times
    before the first frame (50-100 ms of it). It is paused until the first frame is on screen
    (TrackerApp.open_the_rest resumes it) and those objects are then frozen out of its scans."""
    gc.disable()


def resume_gc(*, freeze: bool = False) -> None:
    """Resume the collector; with `freeze`, first move what start-up made out of its scans."""
    if freeze and not gc.isenabled():
        gc.freeze()
    gc.enable()

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


def freeze_survivors() -> None:
    """After a big list is loaded to stay (the dashboard's every row and its search texts),
    move what exists now out of the collector's scans: otherwise each full collection while a
    lead types in the filter walks those hundred thousand objects again (a pause of tens of
    ms, the slowest keystrokes). Frozen objects are still freed when nothing refers to them."""
    if gc.isenabled():
        gc.freeze()

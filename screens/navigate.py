"""Going to one record on a main screen: switch to the screen and put its list's cursor on the
record, now if the list holds it already, else as soon as the screen has read its data."""

from typing import Any


def show_record(app: Any, mode: str, ref: str) -> None:
    """Show `mode`'s screen ("actions", "risks") with the cursor on the record `ref`."""
    app.switch_mode(mode)
    screen = app.screen
    screen.wanted_ref = ref
    if not move_to_wanted(screen):
        screen.reload()  # the first read, or one since a change, puts the cursor there once shown


def move_to_wanted(screen: Any) -> bool:
    """Put the screen's list cursor on its `wanted_ref`, if the list holds it (then forget it)."""
    from tracker.screens.table import RecordTable

    ref = getattr(screen, "wanted_ref", None)
    tables = screen.query(RecordTable)
    if ref is None or not tables:
        return False
    if tables.first().move_to(lambda record: getattr(record, "ref", None) == ref):
        screen.wanted_ref = None
        tables.first().focus()
        return True
    return False

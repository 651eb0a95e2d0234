"""Issue 18, what a first hour in the TUI shows (defects 1 to 5): the filter box shows what is
typed, `?` lists the screen's own keys first, the footer fits 80 columns, Measures opens with a
row and its chart, and a mistyped `--db` is refused. Read from the composed frame: exactly what
a terminal would be sent."""

import pytest

SCREENS = ["1", "2", "3", "4", "5", "6", "7"]


def frame(app) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("key", SCREENS)
async def test_the_filter_box_shows_what_is_typed_while_typing(tui, seeded, key):
    async with tui(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.press("slash", *"zqxw")
        lines = [line for line in frame(pilot.app).splitlines() if line.strip().startswith("/ ")]
        assert lines, frame(pilot.app)
        assert "zqxw" in lines[0], lines[0]

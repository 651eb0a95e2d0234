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


def panel_lines(app) -> list[str]:
    """The `?` panel's lines as on screen (right of its border)."""
    return [line.split("▏")[-1].rstrip(" ▁▂▃▄▅▆▇█") for line in frame(app).splitlines()[:-1]]


async def every_panel_line(pilot) -> list[str]:
    """The whole panel, read by paging down it with the keyboard until it stops moving."""
    seen, lines = [], panel_lines(pilot.app)
    while lines not in seen:
        seen.append(lines)
        await pilot.press("pagedown")
        lines = panel_lines(pilot.app)
    return [line for page in seen for line in page]


def own_keys(screen) -> list[str]:
    """The descriptions of the keys the screen itself binds, as the user may use them now."""
    app = screen.app
    return [b.binding.description for b in screen.active_bindings.values()
            if b.node is screen and b.binding.id is not None]


@pytest.mark.parametrize("key", SCREENS)
async def test_the_keys_panel_lists_the_screens_own_keys_first_and_scrolls_by_keyboard(tui, seeded, key):
    async with tui(size=(80, 24)) as pilot:
        await pilot.press(key)
        expected = own_keys(pilot.app.screen)
        assert expected
        await pilot.press("question_mark")
        first = panel_lines(pilot.app)
        assert "This screen" in first[0]
        assert not any("Scroll Left" in line or "Copy selected" in line for line in first)
        whole = "\n".join(await every_panel_line(pilot))
        assert whole != "\n".join(first)  # page down moved it: keyboard alone reaches the rest
        everywhere = whole.index("Everywhere")
        for description in expected:
            assert 0 <= whole.find(description) < everywhere, description
        assert "Scroll Left" in whole[everywhere:]  # Textual's generic keys come last
        await pilot.press("question_mark")
        assert "This screen" not in frame(pilot.app)


async def test_the_dashboards_keys_the_footer_has_no_room_for_are_in_the_panel(tui, seeded):
    async with tui(size=(80, 24)) as pilot:
        footer = frame(pilot.app).splitlines()[-1]
        await pilot.press("question_mark")
        whole = "\n".join(await every_panel_line(pilot))
        for row in ("d Delete", "[ Prev", "] Next", "p Period", "c Check", "u Undo", "r Report", "f Carry"):
            assert row in whole, row
        assert "d Delete" not in footer and "c Check" not in footer
        await pilot.press("escape")
        assert "This screen" not in frame(pilot.app)
        assert frame(pilot.app).splitlines()[-1] == footer


def footer_fits(app) -> None:
    """The footer's last line at 80 columns: every key it shows whole, `? Keys` and `q Quit`
    among them, room to spare before the palette key, and nothing after it."""
    line = frame(app).splitlines()[-1]
    keys, _, palette = line.rpartition("▏")
    assert palette.strip() == "^p palette", line
    assert keys.endswith(" "), line  # not cut at the edge
    shown: dict[tuple[str, str], list[str]] = {}  # an action bound to several keys shows one of them
    for active in app.screen.active_bindings.values():
        if active.binding.show and active.binding.description:
            key = (active.binding.action, active.binding.description)
            shown.setdefault(key, []).append(app.get_key_display(active.binding))
    assert shown
    for (_, description), displays in shown.items():
        assert any(f"{display} {description}" in keys for display in displays), (line, description)
    assert "? Keys" in keys and "q Quit" in keys, line


@pytest.mark.parametrize("read_only", [False, True], ids=["lead", "read-only"])
@pytest.mark.parametrize("keys", [["1"], ["enter"], ["2"], ["3"], ["3", "h"], ["4"], ["5"], ["6"], ["7"], ["8"]],
                         ids=["dashboard", "workstream", "actions", "risks", "heat-map", "history", "updates",
                              "plan", "measures", "paper"])
async def test_the_footer_fits_80_columns_on_every_screen(tui, seeded, keys, read_only):
    async with tui(size=(80, 24), read_only=read_only) as pilot:
        for key in keys:
            await pilot.press(key)
        footer_fits(pilot.app)


async def test_measures_opens_with_a_measure_highlighted_and_its_chart_drawn_and_again_after_a_filter(tui, seeded):
    from tracker.db.measures import MeasureRow
    from tracker.screens.table import RecordTable

    async with tui(size=(120, 40), portfolio=None) as pilot:  # every portfolio's measures
        await pilot.press("7")
        screen = pilot.app.screen
        table = screen.query_one("#measures", RecordTable)
        first = table.highlighted
        assert isinstance(first, MeasureRow), first  # not the area's heading
        shown = frame(pilot.app)
        assert f"▶{first.ref}" in shown
        assert f"{first.ref} {first.name}"[:30] in shown  # the chart's title: it is drawn
        assert f"{first.ref}: " in shown and "is better" in shown  # and its notes
        other = next(r for r in table.records if isinstance(r, MeasureRow)
                     and r.name[:12].lower() not in first.name.lower())
        await pilot.press("slash", *other.name[:12].lower())
        await pilot.pause()
        now = table.highlighted
        assert isinstance(now, MeasureRow) and now is not first and other.name[:12].lower() in now.name.lower()
        shown = frame(pilot.app)
        assert f"{now.ref} {now.name}"[:30] in shown and f"{now.ref}: " in shown


@pytest.mark.parametrize("args", [[], ["--read-only"]], ids=["tui", "tui-read-only"])
def test_a_mistyped_db_path_is_refused_by_the_tui_as_by_every_command(tmp_path, args):
    import subprocess
    import sys

    missing = tmp_path / "trakcer.db"
    refused = subprocess.run([sys.executable, "-m", "tracker", "--db", str(missing), *args], capture_output=True,
                             text=True, stdin=subprocess.DEVNULL, timeout=30)
    listed = subprocess.run([sys.executable, "-m", "tracker", "--db", str(missing), "list", "workstreams"],
                            capture_output=True, text=True, timeout=30)
    assert refused.returncode == listed.returncode == 1, refused.stderr
    assert refused.stderr == listed.stderr
    assert str(missing) in refused.stderr and "`tracker init` or `tracker seed`" in refused.stderr
    assert "Traceback" not in refused.stderr and not missing.exists()

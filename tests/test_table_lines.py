"""The CLI's one-pass table layout (tracker/table_lines.py) prints what Rich's Table prints for the
same rows, at every width where it applies, and leaves to Rich the tables where a cell folds."""

import io
import itertools

import pytest
import rich.console
from tracker import output, table_lines

CASES = [
    ([{"ref": "1", "rag": "green", "due_date": "2024-03-01", "owner": "Ann 漢字"},
      {"ref": "10.12", "rag": None, "due_date": None, "owner": "[red]not markup[/red]"}], ["ref", "rag", "due_date", "owner"]),
    ([{"ref": "R1", "at": "2024-01-01T10:00:00Z", "old": "a", "new": "b"}], ["ref", "at", "old", "new"]),
    ([{"ref": "x" * 50, "name": "y", "item": "z" * 40, "status": "in_progress"}], ["ref", "name", "item", "status"]),
    ([], ["ref", "name"]),
]


def _printed(monkeypatch, *, rich_only: bool, width: int, tty: bool, items, columns, title) -> str:
    buf = io.StringIO()
    real = rich.console.Console
    with monkeypatch.context() as patch:
        patch.setattr(rich.console, "Console", lambda *a, **k: real(file=buf, width=width, force_terminal=tty,
                                                                     color_system="truecolor" if tty else None))
        if rich_only:
            patch.setattr(table_lines, "lines", lambda *a: None)
        output.write_table(title, items, columns, rag_columns=("rag",))
    return buf.getvalue()


@pytest.mark.parametrize("case", range(len(CASES)))
def test_the_one_pass_table_is_rich_s_table(monkeypatch, case):
    items, columns = CASES[case]
    fast = 0
    for width, title, tty in itertools.product(range(20, 121, 9), ["Risks", "A long title " * 8], [False, True]):
        kw = dict(width=width, tty=tty, items=items, columns=columns, title=title)
        ours, theirs = _printed(monkeypatch, rich_only=False, **kw), _printed(monkeypatch, rich_only=True, **kw)
        if tty:  # Rich styles a bold header's padding too: the same screen, other bytes
            ours, theirs = (text.replace("\x1b[1m \x1b[0m", " ") for text in (ours, theirs))
        assert ours == theirs, (width, title, tty)
        fast += "\x1b[1m \x1b[0m" not in _printed(monkeypatch, rich_only=False, **kw | {"tty": True})
    assert fast > 0 or case == 1  # the one pass was taken at some widths (the case with "at" folds at all)


def test_a_cell_that_must_fold_is_left_to_rich():
    console = rich.console.Console(file=io.StringIO(), width=80)
    spec = table_lines.Spec("At", width=10)
    assert table_lines.lines(console, rich.text.Text("t"), [spec], [[rich.text.Text("2024-01-01 10:00")]]) is None
    wide = [table_lines.Spec("Name")]
    assert table_lines.lines(console, rich.text.Text("t"), wide, [[rich.text.Text("n" * 79)]]) is None
    assert table_lines.lines(console, rich.text.Text("t"), wide, [[rich.text.Text("n" * 78)]]) is not None

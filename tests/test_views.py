"""Derived views, checked against the 2023 collaboration report itself."""

import pytest
from tracker.db import changes, views
from tracker.db.enums import Rag
from tracker.db.views import change_label, natural_key


def test_seeded_2023_summary_matches_the_paper(seeded):
    board = views.dashboard(seeded, "2023")
    summary = board.summary()
    assert summary.reported == 10
    assert summary.counts[Rag.GREEN] == 7
    assert summary.counts[Rag.AMBER] == 3
    assert summary.counts.get(Rag.RED, 0) == 0
    assert [(m.name, m.previous, m.current, m.direction) for m in summary.moved] == [
        ("Mental Health", Rag.GREEN, Rag.AMBER, "worse")
    ]
    assert summary.line() == "10 reported · 7 Green · 3 Amber · 0 Red · 1 worse, 0 better"


def test_seeded_change_labels_match_the_paper(seeded):
    rows = {row.ref: row for row in views.dashboard(seeded, "2023").rows}
    assert rows["5.4.3"].change == "Previously Green"
    assert rows["5.2.1"].change == "Prev. not graded"
    assert rows["5.1.1"].change == "No change"
    assert [r.ref for r in views.dashboard(seeded, "2023").reported] == [
        "5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3"
    ]


def test_items_no_longer_reported_carry_their_status(seeded):
    dropped = views.dashboard(seeded, "2023").summary().dropped
    assert [(d.ref, d.status, d.previous_rag) for d in dropped] == [
        ("5.3.2", "completed", Rag.UNKNOWN),
        ("5.3.3", "completed", Rag.UNKNOWN),
        ("5.5.4", "paused", Rag.UNKNOWN),
    ]
    assert "NAS" in dropped[0].name and "SOH" in dropped[1].name and "Durham" in dropped[2].name


def test_latest_period_is_the_default(seeded):
    assert views.dashboard(seeded).period.label == "2023"
    assert views.dashboard(seeded, "2022").previous is None


@pytest.mark.parametrize(
    ("current", "previous", "label"),
    [
        (Rag.GREEN, None, "New"),
        (Rag.GREEN, Rag.GREEN, "No change"),
        (Rag.AMBER, Rag.GREEN, "Previously Green"),
        (Rag.GREEN, Rag.RED, "Previously Red"),
        (Rag.GREEN, Rag.AMBER, "Previously Amber"),
        (Rag.GREEN, Rag.NOT_GRADED, "Prev. not graded"),
        (None, Rag.GREEN, None),
    ],
)
def test_change_label_wording(current, previous, label):
    assert change_label(current, previous) == label


def test_refs_sort_naturally():
    assert sorted(["5.4.10", "5.4.9", "5.10.1", "5.4.1"], key=natural_key) == ["5.4.1", "5.4.9", "5.4.10", "5.10.1"]


def test_risks_sorted_by_score_and_count_their_actions(seeded):
    register = views.risks(seeded)
    assert [(r.ref, r.score, r.register_kind) for r in register[:2]] == [("9.2", 60, "force"), ("9.4", 45, None)]
    assert {r.ref: r.actions for r in register}["9.2"] == 2


def test_history_pages_newest_first(seeded):
    first = changes.history(seeded, limit=5)
    second = changes.history(seeded, limit=5, before_id=first[-1].id)
    ids = [c.id for c in first + second]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 10
    assert all(c.ref == "5.4.3" for c in changes.history(seeded, ref="5.4.3"))
    assert changes.history(seeded, text="Right Care")


def same_figures(numbers, summary) -> bool:
    """The same counts and the same rows no longer reported (the summary line's carry no trend)."""
    from dataclasses import replace

    dropped = [replace(row, trend=()) for row in summary.dropped[: views.DROPPED_SHOWN]]
    return (numbers.line() == summary.line() and numbers.dropped == dropped
            and numbers.dropped_total == len(summary.dropped))


@pytest.mark.parametrize("period", ["2022", "2023"])
def test_database_counts_equal_the_row_summary(seeded, period):
    assert same_figures(views.period_numbers(seeded, period), views.dashboard(seeded, period).summary())


def test_database_counts_equal_the_row_summary_at_scale(session):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from run import build_snapshot  # the benchmark's synthetic portfolio
    from tracker.db.bulk import load_snapshot

    load_snapshot(session=session, snapshot=build_snapshot(600, 4), actor="t")
    for label in ("2017", "2019"):
        expected = views.dashboard(session, label).summary()
        assert expected.moved and expected.counts[Rag.RED]
        assert same_figures(views.period_numbers(session, label), expected)

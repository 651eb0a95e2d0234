"""A measures table as every report format prints it (from the one document model): the two
periods compared named in the headings when every row compares the same two, else beside each
row's values; the difference as the measure prints it (its kind and decimals); the target (its period's in
the profile, else the measure's one); better
or worse in a word and a symbol, with the significance the measure's rule gives."""

from tracker.db.measures import MeasureRow
from tracker.db.numbers import format_difference

WIDTHS = (5.0, 2.4, 2.4, 2.2, 2.0, 3.0)
NO_TARGET = "—"
ASSESSED = {"better": "▲ Better", "worse": "▼ Worse", "same": "= Same", "n/a": "N/A"}


def _shared(labels: list[str | None]) -> str | None:
    """The period most rows give, where more than half of them give it (else None)."""
    counts: dict[str, int] = {}
    for label in labels:
        if label is not None:
            counts[label] = counts.get(label, 0) + 1
    best = max(counts, key=counts.get, default=None)
    return best if best is not None and counts[best] * 2 > len(labels) else None


def shared_periods(rows: list[MeasureRow]) -> tuple[str | None, str | None]:
    """The last and this period most rows compare, as the papers head a table with them and name
    the exceptions beside their figures (None where no period has a majority)."""
    return _shared([r.last_period for r in rows]), _shared([r.this_period for r in rows])


def headings(rows: list[MeasureRow]) -> tuple[str, ...]:
    """Measure | Last year (P) | This year (P) | Difference | Target | Better/worse."""
    last, this = shared_periods(rows)
    return ("Measure", f"Last year ({last})" if last else "Last year", f"This year ({this})" if this else "This year",
            "Difference", "Target", "Better/worse")


def _value(row: MeasureRow, value, period: str | None, shared: str | None) -> str:
    shown = row.shown(value)
    return f"{shown} ({period})" if period and period != shared else shown


def cells(row: MeasureRow, shared: tuple[str | None, str | None] = (None, None)) -> list[str]:
    """A row's cells; its own periods beside its values where the headings name others."""
    word = ASSESSED[row.comparison.assessment]
    if row.comparison.significant is False:
        word += " (not significant)"
    return [row.name, _value(row, row.last, row.last_period, shared[0]),
            _value(row, row.this, row.this_period, shared[1]), format_difference(row.comparison),
            NO_TARGET if row.period_target is None else row.shown(row.period_target), word]

"""What the Measures screen draws for the highlighted measure: its chart (the total's values as a
line over every period, the target profile beside it) and its breakdown (members x periods).
Both work from the values `plan.series` reads (db/measure_views.py); nothing here reads the
database."""

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from tracker.screens.render import one_line, visible

ACTUAL_MARK, TARGET_MARK = "braille", "×"
"""The chart's two lines differ by their marks, never by colour alone: the values a fine line of
braille dots (four rows of dots to a line of text: a line, not steps), the target crosses."""
ACTUAL_KEY = "⣀ actual"
TICK_WIDTH = 18
"""Columns per period label under the chart: fewer labels than periods where they would overlap."""


@dataclass(frozen=True)
class Point:
    """One period on the chart's axis, with the total's actual value and target, if any."""

    label: str
    actual: float | None
    target: float | None


def chart_points(values) -> list[Point]:
    """Every period the total has an actual value or a target for, oldest first (by end date,
    the longer first), each with both."""
    periods: dict[tuple, dict] = {}
    for v in values:
        if v.member or v.series not in ("actual", "target") or v.value is None:
            continue
        slot = periods.setdefault((v.end, -v.start.toordinal(), v.label), {})
        slot[v.series] = v.value
    return [Point(label, slot.get("actual"), slot.get("target"))
            for (_, _, label), slot in sorted(periods.items())]


def draw_chart(plt, row, points: list[Point], width: int) -> None:
    """The measure's line, its target profile (or its one target as a level line) and a few period
    labels, on `plt` (a cleared plotext figure)."""
    plt.title(one_line(visible(f"{row.ref} {row.name}"))[: max(20, width - 8)])
    if not points:
        return
    xs = list(range(1, len(points) + 1))
    actual = [(x, p.actual) for x, p in zip(xs, points) if p.actual is not None]
    target = [(x, p.target) for x, p in zip(xs, points) if p.target is not None]
    if actual:
        plt.plot([x for x, _ in actual], [y for _, y in actual], marker=ACTUAL_MARK)
    if target:
        plt.plot([x for x, _ in target], [y for _, y in target], marker=TARGET_MARK)
    elif row.target is not None:
        plt.hline(row.target)
    every = max(1, -(-len(points) // max(2, width // TICK_WIDTH)))
    ticks = xs[::every]
    plt.xticks(ticks, [one_line(visible(points[x - 1].label)) for x in ticks])
    plt.xlim(0.5, len(points) + 0.5)
    ys = [y for _, y in actual + target] + ([row.target] if row.target is not None else [])
    low, high = min(ys), max(ys)
    margin = (high - low) * 0.15 or abs(high) * 0.1 or 1
    plt.ylim(low - margin, high + margin)
    ys_ticks = sorted({low, high})
    plt.yticks(ys_ticks, [row.shown(tick) for tick in ys_ticks])


def chart_key(row, points: list[Point]) -> str:
    """What the chart's marks mean, for the notes under it."""
    key = ACTUAL_KEY
    if any(p.target is not None for p in points):
        key += f" · {TARGET_MARK} target profile"
    elif row.target is not None:
        key += f" · target {row.shown(row.target)} (the level line)"
    return key


def breakdown_table(row, values, width: int) -> Table | None:
    """The measure's members down the side and its latest periods across (as many as `width`
    holds), the actual values as the measure prints them; None when it has no members."""
    members: dict[str, dict[str, float | None]] = {}
    periods: dict[str, tuple] = {}
    for v in values:
        if not v.member or v.series != "actual":
            continue
        members.setdefault(v.member, {})[v.label] = v.value
        periods[v.label] = (v.end, -v.start.toordinal())
    if not members:
        return None
    name_width = min(16, max(len(m) for m in members))
    shown = max(1, (width - name_width - 2) // 10)
    labels = sorted(periods, key=periods.get)[-shown:]
    table = Table(box=None, padding=(0, 1), show_edge=False, title=Text(one_line(f"By {row.dimension or 'member'}")),
                  title_justify="left")
    table.add_column(Text("Member"), no_wrap=True, max_width=name_width, overflow="ellipsis")
    for label in labels:
        table.add_column(Text(one_line(visible(label))), justify="right", no_wrap=True, max_width=9, overflow="ellipsis")
    for member in sorted(members):
        cells = members[member]
        table.add_row(Text(one_line(visible(member))),
                      *(Text(row.shown(cells.get(label)) if label in cells else "—") for label in labels))
    return table


def compared(rows) -> Text:
    """The header's "12 months to Sep 2016 against 12 months to Sep 2015": the periods most rows
    compare; where rows differ, it says so (each row's are in its notes)."""
    pairs: dict[tuple, int] = {}
    for r in rows:
        if r.this_label:
            pairs[(r.this_label, r.last_label)] = pairs.get((r.this_label, r.last_label), 0) + 1
    if not pairs:
        return Text("")
    (this, last), n = max(pairs.items(), key=lambda item: item[1])
    text = Text(one_line(f"{this} against {last or 'no value a year before'}"))
    if n < sum(pairs.values()):
        text.append(f" ({sum(pairs.values()) - n} others differ)", style="dim")
    return text


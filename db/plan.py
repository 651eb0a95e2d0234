"""The plan and the numbers: "We will" commitments with commentary by team and period, and
performance measures compared year on year.

Writes go through `writing` like every other store write: one transaction with its history.
Commitments and measures are named by their ref; a measure also by its name.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, bindparam, delete, func, insert, or_, select, update
from sqlmodel import Session

from .access import authorize, authorize_links
from .enums import ChangeKind, Direction, Entity, Rag, Unit
from .errors import InvalidInput, NotFound
from .history import History, utc_now, writing
from .models import Commentary, Commitment, Measure, MeasureValue, Period, Priority, Workstream
from .rules import check_commentary_team, refuse_closed
from .schemas import CommentaryInput, CommitmentCreate, CommitmentUpdate, MeasureCreate, MeasureUpdate, MeasureValueInput
from .store import check_version, id_of
from .views import PeriodInfo, natural_key, period_by_label, periods

AMBER_TOLERANCE = 0.10
"""A measure within 10% of its target suggests Amber; on or past it, Green; further off, Red."""
YEAR_SLACK = dt.timedelta(days=45)
"""How far "the same period last year" may be from exactly a year before (quarters, months)."""


# ---------------------------------------------------------------------------------------------
# Comparing two values, as the performance update prints them


@dataclass(frozen=True, slots=True)
class Comparison:
    difference: float | None
    """% change for quantities, percentage points for rates; None when either value is missing."""
    difference_unit: str
    """"%" or "pp"."""
    assessment: str
    """"better", "worse", "same" or "n/a", taken from the measure's direction."""
    significant: bool | None
    """With confidence intervals for both values: whether the change exceeds their combined width."""


def compare(
    unit: Unit | str, direction: Direction | str, last: float | None, this: float | None,
    ci_last: float | None = None, ci_this: float | None = None,
) -> Comparison:
    """Last year's value against this year's: for counts the % difference, for rates the
    percentage-point difference; better or worse by the measure's direction."""
    unit, direction = Unit(unit), Direction(direction)
    difference_unit = "pp" if unit.is_rate else "%"
    if last is None or this is None or (not unit.is_rate and last == 0):
        return Comparison(None, difference_unit, "n/a", None)
    difference = round(this - last, 2) if unit.is_rate else round((this - last) / abs(last) * 100, 1)
    if difference == 0:
        assessment = "same"
    else:
        assessment = "better" if (difference > 0) == (direction is Direction.HIGHER) else "worse"
    significant = None
    if ci_last is not None and ci_this is not None:
        significant = abs(this - last) > math.hypot(ci_last, ci_this)
    return Comparison(difference, difference_unit, assessment, significant)


def format_value(unit: Unit | str, value: float | None) -> str:
    """A value as the papers print it: 32,538; 29.3%; £14.266m; 11.97 days; 7 s; N/A."""
    if value is None:
        return "N/A"
    unit = Unit(unit)
    number = _plain(value)
    if unit is Unit.PERCENTAGE:
        return f"{number}%"
    if unit is Unit.MONEY:
        if abs(value) >= 1_000_000:
            return f"£{_plain(round(value / 1_000_000, 3))}m"
        return f"£{number}"
    if unit is Unit.DAYS:
        return f"{number} days"
    if unit is Unit.SECONDS:
        return f"{number} s"
    return number


def format_difference(comparison: Comparison) -> str:
    if comparison.difference is None:
        return "N/A"
    sign = "+" if comparison.difference > 0 else ""
    suffix = "%" if comparison.difference_unit == "%" else " pp"
    return f"{sign}{_plain(comparison.difference)}{suffix}"


def _plain(value: float) -> str:
    """Thousands separated, no trailing zeros, no float noise: 32538.0 -> 32,538; 23.16 -> 23.16."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------------------------------------
# Commitments: writes


def _priority_id(session: Session, number: int, where: str) -> int:
    return id_of(session, Priority, "number", number, where=f"{where}, priority")


def _commitment(session: Session, ref: str) -> Commitment:
    row = session.execute(select(Commitment).where(Commitment.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no commitment {ref!r}", where=f"commitment {ref}")
    session.expunge(row)
    return row


def _commitment_values(session: Session, row: Commitment) -> dict[str, Any]:
    number = session.execute(select(Priority.number).where(Priority.id == row.priority_id)).scalar()
    return {"priority": number, "text": row.text, "owners": list(row.owners), "lead": row.lead}


def create_commitment(*, session: Session, data: CommitmentCreate, actor: str) -> None:
    """Add a "We will" commitment under a plan priority (admins shape the plan)."""
    where = f"commitment {data.ref}"
    with writing(session, actor) as history:
        authorize(session, actor, "add commitments", admin_only=True)
        if session.execute(select(Commitment.id).where(Commitment.ref == data.ref)).first():
            raise InvalidInput(f"commitment {data.ref!r} exists already", where=f"{where}, ref")
        values = data.model_dump(exclude={"ref"})
        session.execute(insert(Commitment).values(
            ref=data.ref, sort_key=natural_key(data.ref), priority_id=_priority_id(session, data.priority, where),
            text=data.text, owners=data.owners, lead=data.lead,
        ))
        history.created(Entity.COMMITMENT, data.ref, values)


def update_commitment(
    *, session: Session, ref: str, changes: CommitmentUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change a commitment's wording, priority, owning teams or lead; returns what changed."""
    where = f"commitment {ref}"
    with writing(session, actor) as history:
        check_version(session, Entity.COMMITMENT, ref, expected)
        row = _commitment(session, ref)
        before = _commitment_values(session, row)
        authorize(session, actor, where, owner=before["lead"])
        given = changes.model_dump(exclude_unset=True)
        _refuse_cleared(given, ("priority", "text", "owners"), where)
        after = before | given
        if "owners" in given:
            _keep_commentary_owned(session, row, after["owners"], where)
        changed = history.updated(Entity.COMMITMENT, ref, before, after)
        if changed:
            columns = {f: after[f] for f in changed if f != "priority"}
            if "priority" in changed:
                columns["priority_id"] = _priority_id(session, after["priority"], where)
            session.execute(update(Commitment).where(Commitment.id == row.id).values(**columns))
        return changed


def _keep_commentary_owned(session: Session, row: Commitment, owners: list[str], where: str) -> None:
    """The owning teams may change, but not so as to leave a team's commentary owned by nobody:
    every commentary comes from an owning team, in the database as at input (an export then
    imports again under the same rule)."""
    teams = session.scalars(select(Commentary.team).where(Commentary.commitment_id == row.id).distinct())
    for team in sorted(teams):
        try:
            check_commentary_team(row.ref, owners, team)
        except InvalidInput:
            raise InvalidInput(f"{team!r} has written commentary on it, so it stays one of the owning teams",
                               where=f"{where}, owners") from None


def _refuse_cleared(given: dict[str, Any], required: tuple[str, ...], where: str) -> None:
    """An update may change a required field but not empty it."""
    for field in required:
        if field in given and given[field] is None:
            raise InvalidInput("must not be empty", where=f"{where}, {field}")


def commentary_ref(commitment: str, team: str) -> str:
    """How history names one team's commentary on a commitment."""
    return f"{commitment}/{team}"


def write_commentary(
    *, session: Session, ref: str, data: CommentaryInput, actor: str, expected: int | None = None
) -> bool:
    """Add or revise one team's commentary on a commitment for a period; returns whether it changed.

    Each period keeps its own rows, so adding this quarter's update never touches the last one.
    A closed period's commentary is frozen, as its RAGs are.
    """
    where = f"commitment {ref}, {data.period}, {data.team}"
    history_ref = commentary_ref(ref, data.team)
    with writing(session, actor) as history:
        check_version(session, Entity.COMMENTARY, history_ref, expected, data.period)
        row = _commitment(session, ref)
        authorize(session, actor, f"commitment {ref}", owner=row.lead)
        check_commentary_team(ref, row.owners, data.team)
        period = period_by_label(session, data.period)
        refuse_closed(data.period, period.closed, "commentary", where)
        existing = session.execute(
            select(Commentary.id, Commentary.text).where(
                Commentary.commitment_id == row.id, Commentary.period_id == period.id, Commentary.team == data.team
            )
        ).first()
        stamp = {"written_by": actor, "written_at": utc_now()}
        if existing is None:
            session.execute(insert(Commentary).values(
                commitment_id=row.id, period_id=period.id, team=data.team, text=data.text, **stamp
            ))
            history.created(Entity.COMMENTARY, history_ref, {"text": data.text}, period=data.period)
            return True
        if not history.updated(Entity.COMMENTARY, history_ref, {"text": existing.text}, {"text": data.text},
                               period=data.period):
            return False
        session.execute(update(Commentary).where(Commentary.id == existing.id).values(text=data.text, **stamp))
        return True


# ---------------------------------------------------------------------------------------------
# Commitments: reads


@dataclass(frozen=True, slots=True)
class CommentaryRow:
    team: str
    text: str
    written_by: str
    written_at: str


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    ref: str
    priority: int
    priority_title: str
    text: str
    owners: tuple[str, ...]
    lead: str | None
    period: str | None
    commentary: tuple[CommentaryRow, ...]
    """The chosen period's commentary, one per team; empty when there is no update yet."""

    @property
    def updated(self) -> bool:
        return bool(self.commentary)


@dataclass(frozen=True, slots=True)
class PlanPriority:
    number: int
    title: str
    objective: str
    commitments: int
    without_update: int


def commentary_period(session: Session, up_to: PeriodInfo | None = None) -> PeriodInfo | None:
    """The period the plan is reported on by default: the latest with any commentary (ending
    by the end of `up_to`, when given)."""
    query = select(Period.label).join(Commentary, Commentary.period_id == Period.id)
    if up_to is not None:
        query = query.where(Period.end_date <= up_to.end)
    found = session.execute(query.order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)).scalar()
    return None if found is None else period_by_label(session, found)


def commitments(session: Session, period: str | None, *, priority: int | None = None) -> list[CommitmentRow]:
    """Commitments in plan order with the period's commentary by team."""
    target = period_by_label(session, period) if period else None
    query = (
        select(Commitment, Priority.number, Priority.title)
        .join(Priority, Priority.id == Commitment.priority_id)
        .order_by(Priority.number, Commitment.sort_key)
    )
    if priority is not None:
        query = query.where(Priority.number == priority)
    rows = session.execute(query).all()
    notes: dict[int, list[CommentaryRow]] = defaultdict(list)
    if target is not None:
        found = session.execute(
            select(Commentary).where(Commentary.period_id == target.id).order_by(Commentary.id)
        ).scalars()
        for c in found:
            notes[c.commitment_id].append(CommentaryRow(c.team, c.text, c.written_by, c.written_at))
    return [
        CommitmentRow(c.ref, number, title, c.text, tuple(c.owners), c.lead, target.label if target else None,
                      tuple(_in_owner_order(notes[c.id], c.owners)))
        for c, number, title in rows
    ]


def _in_owner_order(rows: list[CommentaryRow], owners: list[str]) -> list[CommentaryRow]:
    rank = {team: i for i, team in enumerate(owners)}
    return sorted(rows, key=lambda r: rank.get(r.team, len(rank)))


def plan_priorities(session: Session, rows: list[CommitmentRow]) -> list[PlanPriority]:
    """Each priority with how many of `rows` (from `commitments`) it has and how many lack an update."""
    total: dict[int, int] = defaultdict(int)
    missing: dict[int, int] = defaultdict(int)
    for row in rows:
        total[row.priority] += 1
        missing[row.priority] += not row.updated
    return [
        PlanPriority(p.number, p.title, p.objective, total[p.number], missing[p.number])
        for p in session.execute(select(Priority).order_by(Priority.number)).scalars()
    ]


def commentary_over_time(session: Session, ref: str) -> list[tuple[str, CommentaryRow]]:
    """Every period's commentary on one commitment, newest period first: earlier quarters stay readable."""
    row = _commitment(session, ref)
    found = session.execute(
        select(Period.label, Commentary)
        .join(Period, Period.id == Commentary.period_id)
        .where(Commentary.commitment_id == row.id)
        .order_by(Period.end_date.desc(), Commentary.id)
    ).all()
    return [(label, CommentaryRow(c.team, c.text, c.written_by, c.written_at)) for label, c in found]


# ---------------------------------------------------------------------------------------------
# Measures: writes


def measure_ref(session: Session, name_or_ref: str) -> str:
    """A measure's ref from its ref or its name (any case)."""
    found = session.execute(
        select(Measure.ref).where(or_(Measure.ref == name_or_ref, Measure.name == name_or_ref))
    ).scalar()
    if found is None:
        found = session.execute(
            select(Measure.ref).where(func.lower(Measure.name) == name_or_ref.lower())
        ).scalar()
    if found is None:
        raise NotFound(f"no measure {name_or_ref!r} (by ref or name)", where="measure")
    return found


def parse_number(text: str, *, where: str) -> float | None:
    """A number as people type it: 32538, 32,538, 29.3%, £14.266m, 1.5k; "n/a" or "" for none."""
    cleaned = text.strip().lower().replace(",", "").replace("£", "").replace("%", "").strip()
    if cleaned in ("", "n/a", "na", "none", "-"):
        return None
    scale = {"m": 1_000_000, "k": 1_000}.get(cleaned[-1:], 1)
    if scale != 1:
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned) * scale
    except ValueError:
        raise InvalidInput(f"{text!r} is not a number (or n/a)", where=where) from None
    if not math.isfinite(value):
        raise InvalidInput(f"{text!r} is not a finite number", where=where)
    return value


def measure_unit(session: Session, ref: str) -> Unit:
    row, _ = _measure(session, ref)
    return Unit(row.unit)


def _measure(session: Session, ref: str) -> tuple[Measure, dict[str, Any]]:
    row = session.execute(select(Measure).where(Measure.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no measure {ref!r}", where=f"measure {ref}")
    workstream = None if row.workstream_id is None else session.execute(
        select(Workstream.ref).where(Workstream.id == row.workstream_id)
    ).scalar()
    values = row.model_dump(exclude={"id", "ref", "sort_key", "workstream_id"}) | {"workstream": workstream}
    session.expunge(row)
    return row, values


def _measure_columns(session: Session, values: dict[str, Any], where: str) -> dict[str, Any]:
    columns = {k: getattr(v, "value", v) for k, v in values.items() if k != "workstream"}
    if "workstream" in values:
        ref = values["workstream"]
        columns["workstream_id"] = None if ref is None else id_of(
            session, Workstream, "ref", ref, where=f"{where}, workstream"
        )
    return columns


def _check_name_free(session: Session, name: str, ref: str, where: str) -> None:
    taken = session.execute(select(Measure.ref).where(Measure.name == name, Measure.ref != ref)).scalar()
    if taken is not None:
        raise InvalidInput(f"measure {taken} has that name already", where=f"{where}, name")


def create_measure(*, session: Session, data: MeasureCreate, actor: str) -> None:
    """Add a performance measure (admins decide what is measured)."""
    where = f"measure {data.ref}"
    with writing(session, actor) as history:
        authorize(session, actor, "add measures", admin_only=True)
        if session.execute(select(Measure.id).where(Measure.ref == data.ref)).first():
            raise InvalidInput(f"measure {data.ref!r} exists already", where=f"{where}, ref")
        _check_name_free(session, data.name, data.ref, where)
        values = data.model_dump(exclude={"ref"})
        session.execute(insert(Measure).values(
            ref=data.ref, sort_key=natural_key(data.ref), **_measure_columns(session, values, where)
        ))
        history.created(Entity.MEASURE, data.ref, values)


def update_measure(
    *, session: Session, ref: str, changes: MeasureUpdate, actor: str, expected: int | None = None
) -> list[str]:
    where = f"measure {ref}"
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        row, before = _measure(session, ref)
        authorize(session, actor, where, owner=before["lead"])
        given = changes.model_dump(exclude_unset=True)
        _refuse_cleared(given, ("name", "area", "unit", "direction"), where)
        if "name" in given:
            _check_name_free(session, given["name"], ref, where)
        after = before | given
        authorize_links(session, actor, where, {"workstream": after["workstream"]}, before)
        changed = history.updated(Entity.MEASURE, ref, before, after)
        if changed:
            session.execute(update(Measure).where(Measure.id == row.id).values(
                **_measure_columns(session, {f: after[f] for f in changed}, where)
            ))
        return changed


def delete_measure(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a measure and its values (admins only); history keeps them."""
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        authorize(session, actor, "delete measures", admin_only=True)
        row, before = _measure(session, ref)
        for label, value in session.execute(
            select(Period.label, MeasureValue).join(Period, Period.id == MeasureValue.period_id)
            .where(MeasureValue.measure_id == row.id)
        ):
            history.deleted(Entity.MEASURE, ref, _value_fields(value), period=label)
        session.execute(delete(Measure).where(Measure.id == row.id))
        history.deleted(Entity.MEASURE, ref, before)


def _value_fields(row: MeasureValue | None) -> dict[str, Any]:
    if row is None:
        return {"value": None, "ci": None, "footnote": ""}
    return {"value": row.value, "ci": row.ci, "footnote": row.footnote}


def check_value(unit: Unit | str, data: MeasureValueInput, where: str) -> None:
    """What a value must be for its unit; a missing value must say why."""
    unit = Unit(unit)
    if data.value is None and not data.footnote.strip():
        raise InvalidInput("a missing value (N/A) needs a footnote saying why", where=f"{where}, footnote")
    if data.value is not None:
        if unit is Unit.PERCENTAGE and not 0 <= data.value <= 100:
            raise InvalidInput(f"{data.value:g} is not a percentage from 0 to 100", where=f"{where}, value")
        if unit in (Unit.COUNT, Unit.DAYS, Unit.SECONDS) and data.value < 0:
            raise InvalidInput(f"a {unit.value} cannot be negative ({data.value:g})", where=f"{where}, value")


def set_measure_value(
    *, session: Session, ref: str, data: MeasureValueInput, actor: str, expected: int | None = None
) -> bool:
    """Set a measure's value for a period (or N/A with a footnote); returns whether it changed."""
    where = f"measure {ref}, {data.period}"
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected, data.period)
        row, values = _measure(session, ref)
        authorize(session, actor, f"measure {ref}", owner=values["lead"])
        period = period_by_label(session, data.period)
        refuse_closed(data.period, period.closed, "value", where)
        existing = session.execute(
            select(MeasureValue).where(MeasureValue.measure_id == row.id, MeasureValue.period_id == period.id)
        ).scalar_one_or_none()
        given = data.model_dump(exclude_unset=True)
        # A confidence interval or footnote that is not given is kept as it was; the value is always given.
        after = _value_fields(existing) | {"value": data.value} | {k: given[k] for k in ("ci", "footnote") if k in given}
        check_value(row.unit, MeasureValueInput(period=data.period, **after), where)
        stamp = {"entered_by": actor, "entered_at": utc_now()}
        if existing is None:
            session.execute(insert(MeasureValue).values(measure_id=row.id, period_id=period.id, **after, **stamp))
            history.created(Entity.MEASURE, ref, after, period=data.period)
            return True
        changed = history.updated(Entity.MEASURE, ref, _value_fields(existing), after, period=data.period)
        if changed:
            session.execute(update(MeasureValue).where(MeasureValue.id == existing.id).values(**after, **stamp))
        return bool(changed)


# ---------------------------------------------------------------------------------------------
# Measures: reads


@dataclass(frozen=True, slots=True)
class MeasureRow:
    ref: str
    name: str
    area: str
    unit: str
    direction: str
    target: float | None
    lead: str | None
    workstream: str | None
    last_period: str | None
    this_period: str | None
    last: float | None
    this: float | None
    ci_last: float | None
    ci_this: float | None
    footnotes: tuple[str, ...]
    comparison: Comparison

    def shown(self, value: float | None) -> str:
        return format_value(self.unit, value)


def measure_period(session: Session) -> PeriodInfo | None:
    """The period measures are reported on by default: the latest with any value."""
    found = session.execute(
        select(Period.label).join(MeasureValue, MeasureValue.period_id == Period.id)
        .order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)
    ).scalar()
    return None if found is None else period_by_label(session, found)


def year_before(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The same period a year earlier: as long, ending about a year before (within 45 days)."""
    wanted_end = _year_earlier(period.end)
    length = period.end - period.start
    best = None
    for p in periods(session):
        if p.id == period.id or abs(p.end - wanted_end) > YEAR_SLACK or abs((p.end - p.start) - length) > YEAR_SLACK:
            continue
        if best is None or abs(p.end - wanted_end) < abs(best.end - wanted_end):
            best = p
    return best


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def measures(
    session: Session, period: str | None, *, area: str | None = None, as_of: PeriodInfo | None = None
) -> list[MeasureRow]:
    """Every measure with a period's value beside the same period a year before's.

    With a period, that period for every measure (N/A where a measure has no value in it);
    without one, each measure's own latest period with a value (ending by `as_of`, if given).
    """
    chosen = period_by_label(session, period) if period else None
    all_periods = {p.id: p for p in periods(session)}
    values: dict[tuple[int, int], MeasureValue] = {}
    latest: dict[int, PeriodInfo] = {}
    for v in session.execute(select(MeasureValue)).scalars():
        values[(v.measure_id, v.period_id)] = v
        p = all_periods[v.period_id]
        if as_of is not None and p.end > as_of.end:
            continue
        if v.measure_id not in latest or _rank(p) > _rank(latest[v.measure_id]):
            latest[v.measure_id] = p
    before: dict[int, PeriodInfo | None] = {}
    workstreams = dict(session.execute(select(Workstream.id, Workstream.ref)).all())
    query = select(Measure).order_by(Measure.sort_key)
    if area is not None:
        query = query.where(Measure.area == area)
    rows = []
    for m in session.execute(query).scalars():
        this_period = chosen or latest.get(m.id)
        if this_period is not None and this_period.id not in before:
            before[this_period.id] = year_before(session, this_period)
        last_period = before.get(this_period.id) if this_period else None
        this = values.get((m.id, this_period.id)) if this_period else None
        last = values.get((m.id, last_period.id)) if last_period else None
        footnotes = tuple(dict.fromkeys(v.footnote for v in (last, this) if v is not None and v.footnote))
        numbers = (_field(last, "value"), _field(this, "value"), _field(last, "ci"), _field(this, "ci"))
        rows.append(MeasureRow(
            m.ref, m.name, m.area, m.unit, m.direction, m.target, m.lead, workstreams.get(m.workstream_id),
            last_period.label if last_period else None, this_period.label if this_period else None,
            *numbers, footnotes, compare(m.unit, m.direction, *numbers),
        ))
    return rows


def _rank(period: PeriodInfo) -> tuple[dt.date, int]:
    """Later periods rank higher; of two ending together, the longer (as the views order them)."""
    return period.end, -period.start.toordinal()


def _field(value: MeasureValue | None, name: str) -> float | None:
    return None if value is None else getattr(value, name)


def values_of(session: Session, ref: str) -> dict[str, MeasureValue]:
    """A measure's value rows by period label."""
    row, _ = _measure(session, ref)
    found = session.execute(
        select(Period.label, MeasureValue).join(Period, Period.id == MeasureValue.period_id)
        .where(MeasureValue.measure_id == row.id)
    ).all()
    for _label, value in found:
        session.expunge(value)
    return dict(found)


def series(session: Session, ref: str) -> list[tuple[str, float | None]]:
    """A measure's values over periods, oldest first (None where it was N/A)."""
    row, _ = _measure(session, ref)
    return [
        (label, value) for label, value in session.execute(
            select(Period.label, MeasureValue.value).join(Period, Period.id == MeasureValue.period_id)
            .where(MeasureValue.measure_id == row.id).order_by(Period.end_date, Period.start_date)
        )
    ]


# ---------------------------------------------------------------------------------------------
# A RAG suggested by a workstream's measure against its target


@dataclass(frozen=True, slots=True)
class Suggestion:
    rag: Rag
    measure: str
    reason: str
    """E.g. "Collaboration benefits: £14.266m against a target of £15.4m (93%)"."""


_SUGGESTING_MEASURE = (
    select(Measure.ref, Measure.name, Measure.unit, Measure.direction, Measure.target, MeasureValue.value,
           Period.label)
    .join(Workstream, Workstream.id == Measure.workstream_id)
    .join(MeasureValue, MeasureValue.measure_id == Measure.id)
    .join(Period, Period.id == MeasureValue.period_id)
    .where(Workstream.ref == bindparam("workstream"), Measure.target.is_not(None), MeasureValue.value.is_not(None),
           Period.end_date <= bindparam("end", type_=Date))
    .order_by(Period.end_date.desc(), Measure.sort_key)
    .limit(1)
)
"""Built once: every RAG save asks it."""


def suggest_rag(session: Session, workstream: str, period: str | PeriodInfo) -> Suggestion | None:
    """What the workstream's measure with a target says its RAG should be in `period`: its latest
    value up to that period against the target. Green on or past target, Amber within 10%, else Red."""
    target_period = period_by_label(session, period) if isinstance(period, str) else period
    found = session.execute(_SUGGESTING_MEASURE, {"workstream": workstream, "end": target_period.end}).first()
    if found is None or found.target == 0:
        return None
    higher = Direction(found.direction) is Direction.HIGHER
    share = found.value / found.target
    gap = (1 - share) if higher else (share - 1)
    rag = Rag.GREEN if gap <= 0 else Rag.AMBER if gap <= AMBER_TOLERANCE else Rag.RED
    reason = (f"{found.name}: {format_value(found.unit, found.value)} in {found.label} against a target of "
              f"{format_value(found.unit, found.target)} ({share:.0%})")
    return Suggestion(rag, found.ref, reason)


def record_suggestion(history: History, session: Session, ref: str, period: PeriodInfo, rag: Rag,
                      rationale: str | None) -> None:
    """Called by `set_rating`: a rating given where a measure suggests one records whether it
    accepted or overrode the suggestion; an override needs its reason (the rationale)."""
    suggestion = suggest_rag(session, ref, period)
    if suggestion is None:
        return
    if rag != suggestion.rag and not (rationale or "").strip():
        raise InvalidInput(
            f"{suggestion.reason} suggests {suggestion.rag.label}; overriding it with {rag.label} needs a reason "
            "(the rationale)",
            where=f"workstream {ref}, {period.label}, rationale",
        )
    verdict = "accepted" if rag == suggestion.rag else f"overridden with {rag.value}"
    history.record(Entity.ASSESSMENT, ref, ChangeKind.UPDATE, "suggestion", None,
                   f"{suggestion.rag.value} {verdict}: {suggestion.reason}", period.label)


"""The store: the only code that writes. Every write records its history in the same transaction.

Functions take a keyword-only `session` and `actor` (who is making the change). Records are
named by their public keys (a workstream's ref, a period's label), never by database ids.
"""

from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from . import clock
from .access import authorize
from .enums import ActionStatus, ChangeKind, Entity, Role
from .errors import InvalidInput
from .history import writing
from .cycles import period_cycle
from .models import Action, Assessment, Measure, Period, Portfolio, Priority, Risk, Section, Workstream
from .periods import check_may_manage, rename_period  # noqa: F401 -- the store's write API
from .portfolios import create_portfolio, home, update_portfolio  # noqa: F401 -- the store's write API
from .ratings import AlreadyRated, RatingResult, carry_forward, check_may_rate, parse_rag, set_rating  # noqa: F401 -- the store's write API
from .milestones import milestone_ref, milestones_of
from .rules import check_period_dates
from .schemas import (
    DEFAULT_SCALE,
    ActionCreate,
    ActionUpdate,
    PeriodCreate,
    PriorityCreate,
    RiskCreate,
    RiskScale,
    RiskUpdate,
    SectionCreate,
    WorkstreamCreate,
    WorkstreamUpdate,
)
from .views import natural_key, period_by_label
from .writers import ENTITY, check_version, create_record, delete_record, ensure_new, id_of, read_record, update_record  # noqa: F401


def create_workstream(*, session: Session, data: WorkstreamCreate, actor: str) -> None:
    """Add a workstream under an existing section."""
    with writing(session, actor) as history:
        create_record(session, history, Workstream, data)


def update_workstream(
    *, session: Session, ref: str, changes: WorkstreamUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change the fields set in `changes`; returns the names of the fields that changed.

    `expected` is the version read before editing (`changes.record_version`); a later change by
    anyone refuses this one with Conflict. Every update and delete below takes it too.
    """
    with writing(session, actor) as history:
        check_version(session, Entity.WORKSTREAM, ref, expected)
        return update_record(session, history, Workstream, ref, changes.model_dump(exclude_unset=True))


def delete_workstream(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a workstream and its assessments; its actions and risks stay, detached.

    Refused when it has assessments in a closed period: those are frozen.
    """
    with writing(session, actor) as history:
        check_version(session, Entity.WORKSTREAM, ref, expected)
        record_id, _ = read_record(session, Workstream, ref)
        rows = session.execute(
            select(Period.label, Assessment.rag, Assessment.rationale, Period.closed)
            .join(Period, Period.id == Assessment.period_id)
            .where(Assessment.workstream_id == record_id)
        ).all()
        frozen = [row.label for row in rows if row.closed]
        if frozen:
            raise InvalidInput(
                f"it has RAGs in closed periods ({', '.join(frozen)}), which are frozen; set its status to "
                "closed or completed instead",
                where=f"workstream {ref}",
            )
        for label, rag, rationale, _closed in rows:
            history.deleted(Entity.ASSESSMENT, ref, {"rag": rag, "rationale": rationale}, period=label)
        for label, text in _narratives_of(session, record_id):  # deleted with it by the FK
            history.deleted(Entity.NARRATIVE, ref, {"narrative": text}, period=label)
        for title, fields in milestones_of(session, record_id):  # deleted with it by the FK
            history.deleted(Entity.MILESTONE, milestone_ref(ref, title), fields)
        for model in (Action, Risk):
            for (dependent,) in session.execute(select(model.ref).where(model.workstream_id == record_id)):
                history.record(ENTITY[model], dependent, ChangeKind.UPDATE, "workstream", ref, None)
        for (measure,) in session.execute(select(Measure.ref).where(Measure.workstream_id == record_id)):
            history.record(Entity.MEASURE, measure, ChangeKind.UPDATE, "workstream", ref, None)  # set NULL by the FK
        delete_record(session, history, Workstream, ref)


def _narratives_of(session: Session, workstream_id: int) -> list[tuple[str, str]]:
    from .paper_models import Narrative

    return session.execute(select(Period.label, Narrative.text).join(Period, Period.id == Narrative.period_id)
                           .where(Narrative.workstream_id == workstream_id)).all()


def action_rules(after: dict[str, Any], before: dict[str, Any], changes: dict[str, Any], where: str):
    """Completion date follows status: set to today when done, cleared otherwise."""
    status = after["status"]
    if status == ActionStatus.DONE and after.get("completed_on") is None:
        after["completed_on"] = clock.today()
    elif status != ActionStatus.DONE and after.get("completed_on") is not None:
        if "completed_on" in changes:
            raise InvalidInput("only a done action has a completion date", where=f"{where}, completed_on")
        after["completed_on"] = None
    return after


def create_action(*, session: Session, data: ActionCreate, actor: str) -> None:
    """Add an action for improvement, optionally tied to a workstream and a risk it mitigates."""
    values = action_rules(data.model_dump(), {}, data.model_dump(exclude_unset=True), f"action {data.ref}")
    with writing(session, actor) as history:
        create_record(session, history, Action, ActionCreate.model_construct(**values))


def update_action(
    *, session: Session, ref: str, changes: ActionUpdate, actor: str, expected: int | None = None
) -> list[str]:
    with writing(session, actor) as history:
        check_version(session, Entity.ACTION, ref, expected)
        return update_record(session, history, Action, ref, changes.model_dump(exclude_unset=True), action_rules)


def delete_action(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    with writing(session, actor) as history:
        check_version(session, Entity.ACTION, ref, expected)
        record_id, _ = read_record(session, Action, ref)
        for (child,) in session.execute(select(Action.ref).where(Action.parent_id == record_id)):
            history.record(Entity.ACTION, child, ChangeKind.UPDATE, "parent", ref, None)  # set NULL by the FK
        delete_record(session, history, Action, ref)


def risk_rules(scale: RiskScale):
    """Scoring on the configured scale (db/risk_rules.score_rules: its one place)."""
    from .risk_rules import score_rules

    return score_rules(scale)


def create_risk(*, session: Session, data: RiskCreate, actor: str, scale: RiskScale = DEFAULT_SCALE) -> None:
    """Add a risk; with likelihood and impact its score is their product."""
    values = risk_rules(scale)(data.model_dump(), {}, data.model_dump(exclude_unset=True), f"risk {data.ref}")
    with writing(session, actor) as history:
        create_record(session, history, Risk, RiskCreate.model_construct(**values))


def update_risk(
    *, session: Session, ref: str, changes: RiskUpdate, actor: str, scale: RiskScale = DEFAULT_SCALE,
    expected: int | None = None,
) -> list[str]:
    """Change a risk, e.g. rescore it; returns the names of the fields that changed."""
    with writing(session, actor) as history:
        check_version(session, Entity.RISK, ref, expected)
        return update_record(session, history, Risk, ref, changes.model_dump(exclude_unset=True), risk_rules(scale))


def delete_risk(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a risk; its mitigating actions stay, no longer tied to it."""
    with writing(session, actor) as history:
        check_version(session, Entity.RISK, ref, expected)
        record_id, _ = read_record(session, Risk, ref)
        from .risk_controls import record_controls_deleted

        record_controls_deleted(session, history, ref, record_id)
        for (action,) in session.execute(select(Action.ref).where(Action.risk_id == record_id)):
            history.record(Entity.ACTION, action, ChangeKind.UPDATE, "risk", ref, None)
        delete_record(session, history, Risk, ref)


# ---------------------------------------------------------------------------------------------
# Periods, sections, priorities


def check_may_change(session: Session, actor: str, entity: str, ref: str) -> None:
    """Refuse, naming the rule, unless `actor` may change the `entity` ("workstream", "action",
    "risk") `ref`: the owner's right every update and delete checks (writers.check_may_change),
    asked by the TUI before a form opens."""
    from .writers import check_may_change as check

    check(session, actor, next(model for model, name in ENTITY.items() if name.value == entity), ref)


def create_period(*, session: Session, data: PeriodCreate, actor: str) -> None:
    """Add a reporting period."""
    where = f"period {data.label}"
    check_period_dates(data.start, data.end, where)
    with writing(session, actor) as history:
        authorize(session, actor, "add periods", admin_only=True)
        ensure_new(session, Period, "label", data.label, f"{where}, label")
        session.execute(insert(Period).values(label=data.label, start_date=data.start, end_date=data.end,
                                              closed=data.closed, cycle=period_cycle(data.start, data.end).value))
        history.created(Entity.PERIOD, data.label, data.model_dump(exclude={"label"}))


def set_period_closed(*, session: Session, label: str, closed: bool, actor: str) -> bool:
    """Close a period (freezing its assessments) or reopen it; returns whether anything changed."""
    with writing(session, actor) as history:
        authorize(session, actor, "close or reopen periods", admin_only=True)
        period = period_by_label(session, label)
        if period.closed == closed:
            return False
        session.execute(update(Period).where(Period.id == period.id).values(closed=closed))
        history.updated(Entity.PERIOD, label, {"closed": period.closed}, {"closed": closed})
        return True


def create_section(*, session: Session, data: SectionCreate, actor: str) -> None:
    with writing(session, actor) as history:
        authorize(session, actor, "add sections", admin_only=True)
        where = f"section {data.code}"
        ensure_new(session, Section, "code", data.code, f"{where}, code")
        portfolio = home(session, history, data.portfolio, where)
        session.execute(insert(Section).values(code=data.code, name=data.name, sort_key=natural_key(data.code),
                                               portfolio_id=id_of(session, Portfolio, "code", portfolio, where=where)))
        history.created(Entity.SECTION, data.code, {"name": data.name, "portfolio": portfolio})


def create_priority(*, session: Session, data: PriorityCreate, actor: str) -> None:
    with writing(session, actor) as history:
        authorize(session, actor, "add priorities", admin_only=True)
        where = f"priority {data.number}"
        ensure_new(session, Priority, "number", data.number, f"{where}, number")
        portfolio = home(session, history, data.portfolio, where)
        session.execute(insert(Priority).values(**data.model_dump(exclude={"portfolio"}),
                                                portfolio_id=id_of(session, Portfolio, "code", portfolio, where=where)))
        history.created(Entity.PRIORITY, str(data.number), data.model_dump(exclude={"number"}) | {"portfolio": portfolio})


# ---------------------------------------------------------------------------------------------
# Users


def add_user(*, session: Session, name: str, role: str | Role, actor: str,
             portfolios: list[str] | None = None) -> list[str]:
    """Add a user (or change their role); returns the names added or changed. `portfolios`,
    if given, sets the portfolios their rights are limited to (users.limit_user; [] lifts it).

    The first user added by the local user makes that local user an admin as well, so that
    whoever sets roles up keeps the right to write.
    """
    from .access import ensure_an_admin, roles
    from .models import PERSON_MAX, User
    from .users import limit_user, refuse_limited_admin

    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"{role!r} is not a role; use admin, lead or reviewer", where="--role") from None
    if not name.strip() or len(name) > PERSON_MAX:
        raise InvalidInput(f"a user name of 1 to {PERSON_MAX} characters is needed", where="user")
    with writing(session, actor) as history:
        known = roles(session)
        wanted = {name: role}
        if not known and name != actor:
            wanted = {actor: Role.ADMIN, **wanted}
        authorize(session, actor, "manage users", admin_only=True)
        ensure_an_admin(known | wanted, where=f"user {name}, role")
        for who, what in wanted.items():
            if who in known:
                if known[who] != what:
                    session.execute(update(User).where(User.name == who).values(role=what.value))
                    history.updated(Entity.USER, who, {"role": known[who].value}, {"role": what.value})
            else:
                session.execute(insert(User).values(name=who, role=what.value))
                history.created(Entity.USER, who, {"role": what.value})
        limited = portfolios is not None and limit_user(session, history, name, role, portfolios)
        if portfolios is None:
            refuse_limited_admin(session, name, role)
        return [who for who in wanted if known.get(who) != wanted[who] or (who == name and limited)]

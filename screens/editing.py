"""The editing flows every screen shares: open a form, save through the store, refresh.

Each flow gives its form a `save` callback that writes through the store and returns the
store's refusal (if any) for the form to show next to the field it names.
"""

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from tracker.db import changes, records, store, views
from tracker.db.risk_rules import TEXTS
from tracker.db.enums import ActionStatus, RiskRegister, RiskStatus, TravelDirection, WorkstreamStatus
from tracker.db.errors import Forbidden, InvalidInput, TrackerError
from tracker.db.schemas import (
    ActionCreate,
    ActionUpdate,
    RiskCreate,
    RiskUpdate,
    WorkstreamCreate,
    WorkstreamUpdate,
    validated,
)
from tracker.screens.forms import Field, RatingChange, RatingModal, RecordForm
from tracker.screens.render import visible


def store_call(screen: Screen, change: Callable[..., Any], **kwargs: Any) -> InvalidInput | None:
    """One store write as the acting user; returns the refusal instead of raising it."""
    if screen.app.read_only:
        return InvalidInput("this session is read-only: nothing can be changed")
    try:
        with screen.session() as session:
            change(session=session, actor=screen.app.user, **kwargs)
    except InvalidInput as exc:
        return exc
    except Forbidden as exc:  # a rule about one field (a portfolio outside the user's) is shown at it
        return InvalidInput(exc.reason, where=exc.where) if exc.where else InvalidInput(str(exc))
    except TrackerError as exc:  # e.g. Conflict: someone else saved first; the form keeps your input
        return InvalidInput(str(exc))
    return None


def _saver(screen: Screen, schema: type, entity: str, change: Callable[..., Any], argument: str,
           prepare: Callable[[dict], dict] = dict, **fixed: Any) -> Callable[[dict], InvalidInput | None]:
    """A form's `save`: validate the values as `schema`, then write them with `change`."""

    def save(values: dict) -> InvalidInput | None:
        if not values and argument == "changes":
            return None  # nothing was changed
        try:
            data = validated(schema, prepare(values), where=f"{entity} {fixed.get('ref', values.get('ref'))}")
        except InvalidInput as exc:
            return exc
        return store_call(screen, change, **{argument: data}, **fixed)

    return save


def may_open(screen: Screen, check: Callable[..., Any], *args: Any) -> bool:
    """Whether a form may open: `check` is the store's own first check of the write the form
    would make (db/ratings.check_may_rate, db/writers.check_may_change), run as the acting user.
    A refusal is said at once, in the store's words, and the form does not open."""
    if screen.app.read_only:
        screen.notify("Read-only: nothing can be changed.", severity="warning", markup=False)
        return False
    try:
        with screen.session() as session:
            check(session, screen.app.user, *args)
    except TrackerError as exc:
        screen.notify(visible(str(exc)), severity="error", markup=False, timeout=8)
        return False
    return True


def _after(screen: Screen, message: str) -> Callable[[Any], None]:
    def done(result: Any) -> None:
        if result is not None:
            screen.notify(message, markup=False)
            screen.reload()

    return done


# ---------------------------------------------------------------------------------------------
# Ratings


def rate(screen: Screen, ref: str, period: str, *, then: Callable[[], None] | None = None) -> None:
    """Ask for `ref`'s RAG for `period` and save it."""
    from tracker.db.suggest import suggest_rag

    if not may_open(screen, store.check_may_rate, ref, period):
        return
    with screen.session() as session:
        board = views.dashboard(session, period, ref=ref)
        version = changes.record_version(session, "assessment", ref, period)
        suggested = suggest_rag(session, ref, period)
    [row] = board.rows

    def save(change: RatingChange) -> InvalidInput | None:
        return store_call(screen, store.set_rating, ref=ref, period=period, rag=change.rag,
                          rationale=change.rationale if change.rationale.strip() else None, expected=version)

    def done(result: RatingChange | None) -> None:
        _after(screen, f"{ref}: {result.rag.label if result else ''} for {period}")(result)
        if result is not None and then is not None:
            then()

    screen.app.push_screen(
        RatingModal(title=f"{ref} {row.name}", period=period, current=row.rag, previous=row.previous_rag,
                    previous_label=board.previous.label if board.previous else None,
                    rationale=row.rationale or "", save=save,
                    suggestion=(suggested.rag, suggested.reason) if suggested else None),
        done,
    )


def carry_forward(screen: Screen, ref: str, period: str, then: Callable[[store.RatingResult], None]) -> None:
    """Carry last period's RAG forward to `period`; when the period already has a different RAG,
    ask first, naming what would be replaced, and overwrite only on yes (unless it changed since)."""
    from tracker.screens.base import FAILED
    from tracker.screens.forms import ConfirmModal

    refused: list[store.AlreadyRated] = []

    def first(**kwargs: Any) -> store.RatingResult | None:
        try:
            return store.carry_forward(**kwargs)
        except store.AlreadyRated as exc:  # the store refused: nothing was written
            refused.append(exc)
            return None

    result = screen.write(first, ref=ref, period=period)
    if result is not FAILED and result is not None:
        then(result)
    if not refused:
        return
    was = refused[0]

    def answered(yes: bool | None) -> None:
        if yes and (done := screen.write(store.carry_forward, ref=ref, period=period, overwrite=True,
                                         expected=was.version)) is not FAILED:
            then(done)

    screen.app.push_screen(ConfirmModal(f"{ref} is already {was.rag.label} for {period} (by {was.by}): "
                                        f"replace with last period's ({was.source}) {was.carried.label}?"), answered)


# ---------------------------------------------------------------------------------------------
# Workstreams


def portfolio_field(screen: Screen) -> Field:
    """Which portfolio a record belongs to: the active ones, the one in view first."""
    from tracker.db import views

    with screen.session() as session:
        codes = [p.code for p in views.portfolios(session) if p.status == "active"]
    shown = screen.app.portfolio
    if shown in codes:
        codes.remove(shown)
        codes.insert(0, shown)
    return Field("portfolio", "Portfolio", kind="choice", choices=codes or [""])


def new_defaults(screen: Screen, defaults: dict | None = None) -> dict:
    """A new record's starting values: it goes into the portfolio in view, if one is."""
    return ({"portfolio": screen.app.portfolio} if screen.app.portfolio else {}) | (defaults or {})


def _workstream_fields(screen: Screen, creating: bool) -> list[Field]:
    with screen.session() as session:
        sections = records.section_codes(session)
    fields = [
        Field("name", "Name", required=True),
        Field("section", "Section", kind="choice", required=True, choices=sections or [""]),
        Field("lead", "Lead"),
        Field("status", "Status", kind="choice", choices=[s.value for s in WorkstreamStatus]),
        Field("priorities", "Priorities"),
        Field("description", "Description", kind="long"),
        portfolio_field(screen),
    ]
    return ([Field("ref", "Ref", required=True)] if creating else []) + fields


def new_workstream(screen: Screen) -> None:
    save = _saver(screen, WorkstreamCreate, "workstream", store.create_workstream, "data")
    screen.app.push_screen(
        RecordForm(title="New workstream", fields=_workstream_fields(screen, True), values=new_defaults(screen), save=save,
                   creating=True),
        _after(screen, "Workstream added"),
    )


def edit_workstream(screen: Screen, ref: str) -> None:
    if not may_open(screen, store.check_may_change, "workstream", ref):
        return
    with screen.session() as session:
        values = records.record_fields(session, "workstream", ref)
        version = changes.record_version(session, "workstream", ref)
    save = _saver(screen, WorkstreamUpdate, "workstream", store.update_workstream, "changes", ref=ref,
                  expected=version)

    screen.app.push_screen(
        RecordForm(title=f"Edit workstream {ref}", fields=_workstream_fields(screen, False), values=values,
                   save=save, creating=False),
        _after(screen, f"Workstream {ref} saved"),
    )


# ---------------------------------------------------------------------------------------------
# Actions


ACTION_FIELDS = [
    Field("title", "Title", required=True),
    Field("owner", "Owner"),
    Field("due_date", "Due", kind="date"),
    Field("status", "Status", kind="choice", choices=[s.value for s in ActionStatus]),
    Field("completed_on", "Completed", kind="date"),
    Field("workstream", "Workstream"),
    Field("risk", "Risk"),
    Field("parent", "Sub-action of"),
    Field("detail", "Detail", kind="long"),
    Field("expected_outcome", "Outcome", kind="long", hint="the outcome expected when it is done"),
]


def new_action(screen: Screen, defaults: dict | None = None) -> None:
    save = _saver(screen, ActionCreate, "action", store.create_action, "data")
    screen.app.push_screen(
        RecordForm(title="New action for improvement",
                   fields=[Field("ref", "Ref", required=True), *ACTION_FIELDS, portfolio_field(screen)],
                   values=new_defaults(screen, defaults), save=save, creating=True),
        _after(screen, "Action added"),
    )


def edit_action(screen: Screen, ref: str, *, then: Callable[[], None] | None = None) -> None:
    if not may_open(screen, store.check_may_change, "action", ref):
        return
    with screen.session() as session:
        values = records.record_fields(session, "action", ref)
        version = changes.record_version(session, "action", ref)
    save = _saver(screen, ActionUpdate, "action", store.update_action, "changes", ref=ref,
                  expected=version)

    def done(result: dict | None) -> None:
        _after(screen, f"Action {ref} saved")(result)
        if result is not None and then is not None:
            then()

    screen.app.push_screen(
        RecordForm(title=f"Action {ref}", fields=[*ACTION_FIELDS, portfolio_field(screen)], values=values, save=save,
                   creating=False), done
    )


# ---------------------------------------------------------------------------------------------
# Risks


NOT_STATED = "not stated"
"""A choice left empty: the source does not say (register, direction)."""


def _score_hint(values: dict, prefix: str = "") -> str:
    """Says on the form whether a score follows from likelihood x impact or was typed."""
    if values.get(f"{prefix}likelihood") is not None:
        return "computed: likelihood x impact"
    score = values.get(f"{prefix}score" if prefix else "score")
    return "typed (no likelihood and impact); kept on rescoring unless changed too" if score is not None else \
        "likelihood x impact, or typed when they are unknown"


def _risk_fields(screen: Screen, values: dict | None = None) -> list[Field]:
    scale, values = screen.app.settings.risk_scale, values or {}
    levels = {"likelihood": scale.likelihood, "impact": scale.impact}

    def axes(prefix: str, label: str) -> list[Field]:
        return [Field(f"{prefix}{axis}", f"{label}{axis} 1-{top}".capitalize(), kind="int") for axis, top in levels.items()]

    return [
        Field("title", "Title", required=True),
        Field("owner", "Owner"),
        Field("workstream", "Workstream"),
        Field("register_kind", "Register", kind="choice", choices=[NOT_STATED, *(r.value for r in RiskRegister)],
              hint="force, command, programme, or none: identified, not recorded"),
        *axes("inherent_", "inherent "),
        Field("inherent_score", "Inherent score", kind="int", hint=_score_hint(values, "inherent_")),
        *axes("", ""),
        Field("score", "Current score", kind="int", hint=_score_hint(values)),
        *axes("target_", "target "),
        Field("target_score", "Target score", kind="int", hint=_score_hint(values, "target_")),
        Field("target_reason", "Why the target is above the inherent score", kind="long"),
        Field("status", "Status", kind="choice", choices=[s.value for s in RiskStatus]),
        Field("board", "Monitored by (board)"),
        Field("reviewed_on", "Last reviewed", kind="date"),
        Field("review_date", "Review by", kind="date", hint="empty: last review + the score band's cadence"),
        Field("direction_stated", "Direction as stated", kind="choice",
              choices=[NOT_STATED, *(d.value for d in TravelDirection)], hint="used when history holds no rescoring"),
        Field("mitigation_count", "Mitigating actions (as the paper counts them)", kind="int"),
        Field("mitigation_areas", "Areas they cover (separated by ;)"),
        Field("causes", "Causes", kind="long"),
        Field("consequences", "Consequences", kind="long"),
        Field("description", "Description", kind="long"),
        portfolio_field(screen),
    ]


CHOSEN = ("register_kind", "direction_stated")


def _risk_values(values: dict) -> dict:
    """Form values to store values: "not stated" is no value. A score is never dropped: the store
    computes it from likelihood x impact, refuses one that differs, and keeps a typed one."""
    values = dict(values)
    for name in CHOSEN:
        if values.get(name) == NOT_STATED:
            values[name] = None
    for name in TEXTS:  # a blank text is empty text
        if name in values and values[name] is None:
            values[name] = ""
    return values


def new_risk(screen: Screen) -> None:
    save = _saver(screen, RiskCreate, "risk", store.create_risk, "data", _risk_values,
                  scale=screen.app.settings.risk_scale.scale())
    screen.app.push_screen(
        RecordForm(title="New risk", fields=[Field("ref", "Ref", required=True), *_risk_fields(screen)],
                   values=new_defaults(screen, dict.fromkeys(CHOSEN, NOT_STATED)), save=save, creating=True),
        _after(screen, "Risk added"),
    )


def edit_risk(screen: Screen, ref: str, *, then: Callable[[], None] | None = None) -> None:
    """Edit or rescore a risk: a new likelihood and impact give its score."""
    if not may_open(screen, store.check_may_change, "risk", ref):
        return
    with screen.session() as session:
        values = records.record_fields(session, "risk", ref)
        version = changes.record_version(session, "risk", ref)
    for name in CHOSEN:
        values[name] = values[name] or NOT_STATED
    save = _saver(screen, RiskUpdate, "risk", store.update_risk, "changes", _risk_values, ref=ref,
                  scale=screen.app.settings.risk_scale.scale(), expected=version)

    def done(result: dict | None) -> None:
        _after(screen, f"Risk {ref} saved")(result)
        if result is not None and then is not None:
            then()

    screen.app.push_screen(
        RecordForm(title=f"Risk {ref}", fields=_risk_fields(screen, values), values=values, save=save,
                   creating=False), done
    )

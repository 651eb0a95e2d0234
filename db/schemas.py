"""Validated input for the store: the Create/Update family of each editable record.

Updates are applied from `model_dump(exclude_unset=True)`, so only the fields a caller set change.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, TypeVar

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError
from sqlmodel import SQLModel

import re

from .enums import (
    ActionStatus, Cycle, DifferenceKind, Dimension, Direction, PortfolioStatus, Rag, RiskRegister, RiskStatus, Series,
    Significance, TotalKind, TravelDirection, Unit, WorkstreamStatus,
)
from .measure_models import DECIMALS_MAX, MEMBER_MAX
from .errors import InvalidInput
from .text import label_problem, ref_problem
from .models import (
    COMMITMENT_MAX,
    LABEL_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PERSON_MAX,
    REF_MAX,
    SCORE_MAX,
    TEAM_MAX,
)


NUL_REFUSED = "must not contain a NUL character (U+0000), which no database engine stores as text"


def _no_nul(value: str | None) -> str | None:
    """PostgreSQL cannot store U+0000 in text, so no engine takes it: data moves between them."""
    if value is not None and "\x00" in value:
        raise ValueError(NUL_REFUSED)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return _no_nul(value)


def _blank_is_none(value: str | None) -> str | None:
    return _no_nul(value) if value is None or value.strip() else None


def _distinct(value: str | None) -> str | None:
    """A label that cannot pass for another: see `text.label_problem`."""
    if value is not None and (problem := label_problem(value)):
        raise ValueError(problem)
    return value


def _ref_shape(value: str | None) -> str | None:
    """A ref of the one shape refs have: see `text.ref_problem`."""
    if value is not None and (problem := ref_problem(value)):
        raise ValueError(problem)
    return value


Ref = Annotated[str, StringConstraints(max_length=REF_MAX), AfterValidator(_not_blank), AfterValidator(_ref_shape)]
Label = Annotated[str, StringConstraints(max_length=LABEL_MAX), AfterValidator(_not_blank), AfterValidator(_distinct)]
Name = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_not_blank)]
Person = Annotated[str | None, StringConstraints(max_length=PERSON_MAX), AfterValidator(_blank_is_none)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(_no_nul)]
OptionalRef = Annotated[str | None, StringConstraints(max_length=REF_MAX), AfterValidator(_blank_is_none),
                       AfterValidator(_ref_shape)]
_CODE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
CODE_SHAPE = "a portfolio code is lower-case letters and digits, joined by '.' or '-' (e.g. opc.roads)"


def _code_shape(value: str | None) -> str | None:
    if value is not None and not _CODE.fullmatch(value):
        raise ValueError(f"{value!r} is not a portfolio code: {CODE_SHAPE}")
    return value


Code = Annotated[str, StringConstraints(max_length=REF_MAX), AfterValidator(_code_shape)]
OptionalCode = Annotated[str | None, StringConstraints(max_length=REF_MAX), AfterValidator(_code_shape)]
Level = Annotated[int, Field(ge=1, le=100)]
Score = Annotated[int, Field(ge=0, le=SCORE_MAX)]


@dataclass(frozen=True, slots=True)
class RiskScale:
    """The likelihood x impact matrix; a score is likelihood times impact."""

    likelihood_max: int = 6
    impact_max: int = 10

    @property
    def score_max(self) -> int:
        return self.likelihood_max * self.impact_max


DEFAULT_SCALE = RiskScale()


class _Input(SQLModel):
    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=_Input)


class PeriodCreate(_Input):
    label: Label
    start: dt.date
    end: dt.date
    closed: bool = False


class PortfolioUpdate(_Input):
    name: Name | None = None
    parent: OptionalCode = None
    owner: Person = None
    status: PortfolioStatus | None = None
    cycle: Cycle | None = None


class PortfolioCreate(PortfolioUpdate):
    """A part of the force that reports: `parent` its place in the tree, `cycle` the length of the
    periods it reports on (None: its parent's)."""

    code: Code
    name: Name
    status: PortfolioStatus = PortfolioStatus.ACTIVE


class ConsultationInput(_Input):
    """Someone a portfolio's paper for a period says was consulted."""

    portfolio: OptionalCode = None
    period: Label
    name: Annotated[str, StringConstraints(max_length=PERSON_MAX), AfterValidator(_not_blank)]
    area: Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_no_nul)] = ""


class SectionCreate(_Input):
    code: Ref
    name: Name
    portfolio: OptionalCode = None


class PriorityCreate(_Input):
    number: Annotated[int, Field(ge=1, le=999)]
    title: Name
    objective: LongText = ""
    portfolio: OptionalCode = None


Priorities = list[Annotated[int, Field(ge=1)]]
"""The plan priorities a record links to, by number."""


class WorkstreamUpdate(_Input):
    name: Name | None = None
    section: Ref | None = None
    lead: Person = None
    description: LongText | None = None
    status: WorkstreamStatus | None = None
    priorities: Priorities | None = None
    portfolio: OptionalCode = None


class WorkstreamCreate(WorkstreamUpdate):
    ref: Ref
    name: Name
    section: Ref
    description: LongText = ""
    status: WorkstreamStatus = WorkstreamStatus.ACTIVE
    priorities: Priorities = []


class AssessmentInput(_Input):
    """An assessment as it is imported: who gave it and when travel with it."""

    period: Label
    rag: Rag
    rationale: LongText = ""
    assessed_by: Annotated[str, StringConstraints(max_length=PERSON_MAX), AfterValidator(_not_blank)]
    assessed_at: Annotated[str, StringConstraints(max_length=32), AfterValidator(_not_blank)]


class ActionUpdate(_Input):
    title: Name | None = None
    detail: LongText | None = None
    owner: Person = None
    due_date: dt.date | None = None
    status: ActionStatus | None = None
    completed_on: dt.date | None = None
    workstream: OptionalRef = None
    risk: OptionalRef = None
    portfolio: OptionalCode = None
    parent: OptionalRef = None
    """The action this is a sub-action of."""
    expected_outcome: LongText | None = None
    priorities: Priorities | None = None


class ActionCreate(ActionUpdate):
    ref: Ref
    title: Name
    detail: LongText = ""
    status: ActionStatus = ActionStatus.OPEN
    expected_outcome: LongText = ""
    priorities: Priorities = []


Board = Annotated[str | None, StringConstraints(max_length=NAME_MAX), AfterValidator(_blank_is_none)]
Count = Annotated[int, Field(ge=0, le=10_000)]


class RiskUpdate(_Input):
    title: Name | None = None
    description: LongText | None = None
    owner: Person = None
    workstream: OptionalRef = None
    likelihood: Level | None = None
    impact: Level | None = None
    score: Score | None = None
    target_score: Score | None = None
    status: RiskStatus | None = None
    review_date: dt.date | None = None
    register_kind: RiskRegister | None = None
    inherent_likelihood: Level | None = None
    inherent_impact: Level | None = None
    inherent_score: Score | None = None
    target_likelihood: Level | None = None
    target_impact: Level | None = None
    target_reason: LongText | None = None
    causes: LongText | None = None
    consequences: LongText | None = None
    board: Board = None
    reviewed_on: dt.date | None = None
    direction_stated: TravelDirection | None = None
    mitigation_count: Count | None = None
    mitigation_areas: LongText | None = None
    portfolio: OptionalCode = None
    priorities: Priorities | None = None


class RiskCreate(RiskUpdate):
    ref: Ref
    title: Name
    description: LongText = ""
    status: RiskStatus = RiskStatus.OPEN
    target_reason: LongText = ""
    causes: LongText = ""
    consequences: LongText = ""
    mitigation_areas: LongText = ""
    priorities: Priorities = []


Team = Annotated[str, StringConstraints(max_length=TEAM_MAX), AfterValidator(_not_blank)]
CommitmentText = Annotated[str, StringConstraints(max_length=COMMITMENT_MAX), AfterValidator(_not_blank)]
Number = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
Decimals = Annotated[int, Field(ge=0, le=DECIMALS_MAX)]
Member = Annotated[str, StringConstraints(max_length=MEMBER_MAX), AfterValidator(_not_blank), AfterValidator(_distinct)]


class CommitmentUpdate(_Input):
    priority: Annotated[int, Field(ge=1, le=999)] | None = None
    text: CommitmentText | None = None
    owners: list[Team] | None = None
    lead: Person = None
    portfolio: OptionalCode = None
    parent: OptionalRef = None
    """The ref of the commitment this one is a sub-commitment of (a bullet of its "including:")."""


class CommitmentCreate(CommitmentUpdate):
    ref: Ref
    priority: Annotated[int, Field(ge=1, le=999)]
    text: CommitmentText
    owners: list[Team] = []


class CommentaryInput(_Input):
    """One team's commentary on a commitment for a period."""

    period: Label
    team: Team
    text: Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(_not_blank)]


class MeasureUpdate(_Input):
    name: Name | None = None
    area: Name | None = None
    unit: Unit | None = None
    direction: Direction | None = None
    target: Number | None = None
    description: LongText | None = None
    lead: Person = None
    workstream: OptionalRef = None
    portfolio: OptionalCode = None
    difference: DifferenceKind | None = None
    decimals: Decimals | None = None
    difference_decimals: Decimals | None = None
    significance: Significance | None = None
    dimension: Dimension | None = None
    total: TotalKind | None = None
    source: Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_no_nul)] | None = None
    question: LongText | None = None
    priorities: Priorities | None = None


class MeasureCreate(MeasureUpdate):
    ref: Ref
    name: Name
    area: Name
    unit: Unit
    direction: Direction
    description: LongText = ""
    source: Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_no_nul)] = ""
    question: LongText = ""
    priorities: Priorities = []


class MeasureValueInput(_Input):
    """A measure's value for its own period: `start`..`end` (with a `label`, else one follows from
    the dates), or a stored `period`'s dates and label, or a `label` that reads as dates
    ("Mar 2016"); for a breakdown `member` and a `series`. No value (N/A) needs a footnote."""

    period: Label | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    label: Label | None = None
    member: Member | None = None
    series: Series = Series.ACTUAL
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    ci: Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e15)] | None = None
    n: Annotated[int, Field(le=10**12)] | None = None
    footnote: LongText = ""


Stamp = Annotated[str, StringConstraints(max_length=32), AfterValidator(_not_blank)]
Author = Annotated[str, StringConstraints(max_length=PERSON_MAX), AfterValidator(_not_blank)]


class CommentaryRecord(CommentaryInput):
    """Commentary as it is imported: who wrote it and when travel with it."""

    written_by: Author
    written_at: Stamp


class MeasureValueRecord(MeasureValueInput):
    """A value as it is imported, with who entered it and when."""

    entered_by: Author
    entered_at: Stamp


def validated(model: type[M], data: dict, *, where: str) -> M:
    """`data` as a `model`, or InvalidInput naming `where` and the first field that is wrong."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "value"
        message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")  # our own validators' words, as they wrote them
        raise InvalidInput(_lower_first(message), where=f"{where}, {field}") from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]

"""SQLModel tables. Constraints live in the database too: FKs, NOT NULL, CHECKs, unique refs.

No `from __future__ import annotations` here: it breaks SQLModel relationships.
"""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Column, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import (
    ActionStatus, ChangeKind, Cycle, Direction, Entity, PortfolioStatus, Rag, RiskRegister, RiskStatus, Role,
    TravelDirection, Unit, WorkstreamStatus, sql_in,
)

# Text limits, enforced by the store with a clear message (docs/format.md lists them).
REF_MAX = 32
LABEL_MAX = 40
NAME_MAX = 200
PERSON_MAX = 100
LONG_TEXT_MAX = 20_000
SCORE_MAX = 10_000
SORT_KEY_MAX = 4 * REF_MAX
TEAM_MAX = 100
COMMITMENT_MAX = 2_000
HISTORY_REF_MAX = 140
"""A change event's ref: a record's ref, or for commentary "COMMITMENT/TEAM"."""
SortKey = String(SORT_KEY_MAX).with_variant(String(SORT_KEY_MAX, collation="C"), "postgresql")
"""A natural-order key compares byte by byte: PostgreSQL's language collations would skip
its dots and padding, so there it is collated "C" (SQLite compares bytes anyway)."""


def _fk(target: str, *, nullable: bool, ondelete: str | None = None) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Portfolio(SQLModel, table=True):
    """The part of the force that reports a set of records: a tree (a command and its functions)."""

    __table_args__ = (
        CheckConstraint(sql_in("status", PortfolioStatus), name="portfolio_status_valid"),
        CheckConstraint(f"cycle IS NULL OR {sql_in('cycle', Cycle)}", name="portfolio_cycle_valid"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="portfolio_not_own_parent"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    sort_key: str = Field(default="", sa_column=Column(SortKey, nullable=False))
    parent_id: int | None = Field(default=None, sa_column=_fk("portfolio.id", nullable=True, ondelete="RESTRICT"))
    owner: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX)))
    """The accountable chief officer or lead."""
    status: str = Field(default=PortfolioStatus.ACTIVE.value, sa_column=Column(String(16), nullable=False))
    cycle: str | None = Field(default=None, sa_column=Column(String(16)))
    """The length of the periods it reports on; None follows the parent (a root without one: any)."""


def _home() -> Column:
    """The portfolio a record belongs to."""
    return _fk("portfolio.id", nullable=False, ondelete="RESTRICT")


class Period(SQLModel, table=True):
    """A reporting period: "2023", "Q2 2023/24", "Jul-Dec 2023". Ordered by end date."""

    __table_args__ = (
        CheckConstraint("start_date <= end_date", name="period_dates_ordered"),
        CheckConstraint(sql_in("cycle", Cycle), name="period_cycle_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(sa_column=Column(String(LABEL_MAX), nullable=False, unique=True))
    start_date: dt.date
    end_date: dt.date = Field(index=True)
    closed: bool = False
    """A closed period's assessments are frozen until it is explicitly reopened."""
    cycle: str = Field(default=Cycle.OTHER.value, sa_column=Column(String(16), nullable=False, index=True))
    """Its length as a cycle (db/cycles.py works it out from the dates): the portfolios of that
    cycle report on it."""


class Section(SQLModel, table=True):
    """A group of workstreams on the dashboard, e.g. "5.4 Local Collaborations"."""

    __table_args__ = (Index("ix_section_order", "sort_key"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    sort_key: str = Field(default="", sa_column=Column(SortKey, nullable=False))
    """The code in natural order (5.10 after 5.9), so the database sorts as people do."""
    portfolio_id: int = Field(sa_column=_home())


class Priority(SQLModel, table=True):
    """One of the Police and Crime Plan priorities."""

    __table_args__ = (CheckConstraint("number >= 1", name="priority_number_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(sa_column=Column(Integer, nullable=False, unique=True))
    title: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    objective: str = Field(default="", sa_column=Column(Text, nullable=False))
    portfolio_id: int = Field(sa_column=_home())


class Workstream(SQLModel, table=True):
    """A piece of work a lead reports on, e.g. 5.4.3 Mental Health."""

    __table_args__ = (
        CheckConstraint(sql_in("status", WorkstreamStatus), name="workstream_status_valid"),
        Index("ix_workstream_section_order", "section_id", "sort_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    sort_key: str = Field(default="", sa_column=Column(SortKey, nullable=False))
    """The ref in natural order, kept by the store."""
    section_id: int = Field(sa_column=_fk("section.id", nullable=False))
    lead: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX), index=True))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default=WorkstreamStatus.ACTIVE.value, sa_column=Column(String(16), nullable=False))
    portfolio_id: int = Field(sa_column=_home())


class WorkstreamPriority(SQLModel, table=True):
    """Links a workstream to the plan priorities it serves."""

    __tablename__ = "workstream_priority"

    workstream_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workstream.id", ondelete="CASCADE"), primary_key=True)
    )
    priority_id: int = Field(
        sa_column=Column(Integer, ForeignKey("priority.id", ondelete="RESTRICT"), primary_key=True)
    )


class Assessment(SQLModel, table=True):
    """One RAG per workstream per period, with the rationale and who gave it."""

    __table_args__ = (
        UniqueConstraint("workstream_id", "period_id", name="assessment_once_per_period"),
        CheckConstraint(sql_in("rag", Rag), name="assessment_rag_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workstream_id: int = Field(sa_column=_fk("workstream.id", nullable=False, ondelete="CASCADE"))
    period_id: int = Field(sa_column=_fk("period.id", nullable=False, ondelete="RESTRICT"))
    rag: str = Field(sa_column=Column(String(16), nullable=False))
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False))
    assessed_by: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False))
    assessed_at: str = Field(sa_column=Column(String(32), nullable=False))
    """UTC, ISO 8601 with a Z."""


class Risk(SQLModel, table=True):
    """A risk with its scoring; its mitigating actions are the actions that point at it."""

    __table_args__ = (
        CheckConstraint(sql_in("status", RiskStatus), name="risk_status_valid"),
        CheckConstraint("(likelihood IS NULL) = (impact IS NULL)", name="risk_scored_on_both_axes"),
        CheckConstraint("likelihood IS NULL OR likelihood >= 1", name="risk_likelihood_positive"),
        CheckConstraint("impact IS NULL OR impact >= 1", name="risk_impact_positive"),
        CheckConstraint(f"score IS NULL OR score BETWEEN 0 AND {SCORE_MAX}", name="risk_score_range"),
        CheckConstraint(
            f"target_score IS NULL OR target_score BETWEEN 0 AND {SCORE_MAX}", name="risk_target_range"
        ),
        CheckConstraint(
            f"inherent_score IS NULL OR inherent_score BETWEEN 0 AND {SCORE_MAX}", name="risk_inherent_range"
        ),
        CheckConstraint("(inherent_likelihood IS NULL) = (inherent_impact IS NULL)", name="risk_inherent_both_axes"),
        CheckConstraint("(target_likelihood IS NULL) = (target_impact IS NULL)", name="risk_target_both_axes"),
        CheckConstraint(f"register_kind IS NULL OR {sql_in('register_kind', RiskRegister)}", name="risk_register_valid"),
        CheckConstraint(f"direction_stated IS NULL OR {sql_in('direction_stated', TravelDirection)}",
                        name="risk_direction_valid"),
        CheckConstraint("mitigation_count IS NULL OR mitigation_count >= 0", name="risk_mitigation_count_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    title: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    owner: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX), index=True))
    workstream_id: int | None = Field(default=None, sa_column=_fk("workstream.id", nullable=True, ondelete="SET NULL"))
    likelihood: int | None = None
    impact: int | None = None
    score: int | None = None
    target_score: int | None = None
    status: str = Field(default=RiskStatus.OPEN.value, sa_column=Column(String(16), nullable=False))
    review_date: dt.date | None = None
    """The next review as stated (a paper's date); without it the next review follows from
    `reviewed_on` and the score band's cadence (db/risk_rules.next_review)."""
    register_kind: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    """Which register it is on (RiskRegister); None: the source does not say."""
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    inherent_score: int | None = None
    """Before any control: likelihood x impact, or typed when they are unknown."""
    target_likelihood: int | None = None
    target_impact: int | None = None
    target_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """Why the target is above the inherent score (required then)."""
    causes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    consequences: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    board: str | None = Field(default=None, sa_column=Column(String(NAME_MAX), nullable=True))
    """The board or group that monitors it ("Gold Group chaired by the Head of OPC")."""
    reviewed_on: dt.date | None = None
    """When it was last reviewed."""
    direction_stated: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    """The direction of travel as a paper states it ("score reduced"), kept for when history
    holds no earlier score to compute it from."""
    mitigation_count: int | None = None
    """How many mitigating actions the source says there are (9.3: 10), without listing them."""
    mitigation_areas: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The areas those actions cover, as the source names them, separated by "; "."""
    portfolio_id: int = Field(sa_column=_home())


class Action(SQLModel, table=True):
    """An action for improvement, optionally tied to a workstream and to the risk it mitigates."""

    __table_args__ = (
        CheckConstraint(sql_in("status", ActionStatus), name="action_status_valid"),
        CheckConstraint("completed_on IS NULL OR status = 'done'", name="action_completed_only_when_done"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    title: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    owner: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX), index=True))
    due_date: dt.date | None = Field(default=None, index=True)
    status: str = Field(default=ActionStatus.OPEN.value, sa_column=Column(String(16), nullable=False))
    completed_on: dt.date | None = None
    workstream_id: int | None = Field(default=None, sa_column=_fk("workstream.id", nullable=True, ondelete="SET NULL"))
    risk_id: int | None = Field(default=None, sa_column=_fk("risk.id", nullable=True, ondelete="SET NULL"))
    portfolio_id: int = Field(sa_column=_home())
    parent_id: int | None = Field(default=None, sa_column=_fk("action.id", nullable=True, ondelete="SET NULL"))
    """The action this is a sub-action of; never itself nor one of its own sub-actions (rules.refuse_parent_cycle)."""
    expected_outcome: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class ChangeEvent(SQLModel, table=True):
    """One field of one record changed by one person at one time. Append-only."""

    __tablename__ = "change_event"
    __table_args__ = (
        CheckConstraint(sql_in("entity", Entity), name="change_entity_valid"),
        CheckConstraint(sql_in("kind", ChangeKind), name="change_kind_valid"),
        Index("ix_change_event_ref", "ref"),
        Index("ix_change_event_actor", "actor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    """Events written by one store call share a batch, so a change can be undone as a whole."""
    at: str = Field(sa_column=Column(String(32), nullable=False))
    """UTC, ISO 8601 with a Z."""
    actor: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False))
    entity: str = Field(sa_column=Column(String(16), nullable=False))
    ref: str = Field(sa_column=Column(String(HISTORY_REF_MAX), nullable=False))
    period: str | None = Field(default=None, sa_column=Column(String(LABEL_MAX)))
    """For assessments: the period's label."""
    kind: str = Field(sa_column=Column(String(8), nullable=False))
    field: str = Field(sa_column=Column(String(40), nullable=False))
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))
    hash: str = Field(sa_column=Column(String(64), nullable=False))
    """SHA-256 over the previous event's hash and this event's fields: `tracker verify` walks the chain."""


class User(SQLModel, table=True):
    """Someone who may write, and how much. With no users at all, the local user is an admin."""

    __tablename__ = "tracker_user"
    __table_args__ = (CheckConstraint(sql_in("role", Role), name="user_role_valid"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False, unique=True))
    role: str = Field(sa_column=Column(String(16), nullable=False))


class Commitment(SQLModel, table=True):
    """A "We will" commitment of the Police and Crime Plan, under one of its priorities.

    `owners` are the teams the plan names in its "Who" column, in the plan's order; `lead` is
    the person who keeps it up to date (a lead may write commentary on what they lead).
    `parent_id` holds a sub-commitment under the commitment it belongs to ("Support the Business
    Crime Strategy, including: ..." holds each bullet as a child). RESTRICT, not CASCADE: removing
    a parent must not silently remove the children the plan names; they are moved or removed first.
    """

    __table_args__ = (
        Index("ix_commitment_order", "priority_id", "sort_key"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="commitment_not_own_parent"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    sort_key: str = Field(default="", sa_column=Column(SortKey, nullable=False))
    priority_id: int = Field(sa_column=_fk("priority.id", nullable=False, ondelete="RESTRICT"))
    text: str = Field(sa_column=Column(Text, nullable=False))
    owners: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lead: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX), index=True))
    portfolio_id: int = Field(sa_column=_home())
    parent_id: int | None = Field(default=None, sa_column=_fk("commitment.id", nullable=True, ondelete="RESTRICT"))


class Commentary(SQLModel, table=True):
    """One team's update on a commitment for one period. A new quarter adds rows; it never
    rewrites the last quarter's."""

    __table_args__ = (
        UniqueConstraint("commitment_id", "period_id", "team", name="one_commentary_per_team_and_period"),
        CheckConstraint("length(text) > 0", name="commentary_not_empty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(sa_column=_fk("commitment.id", nullable=False, ondelete="CASCADE"))
    period_id: int = Field(sa_column=_fk("period.id", nullable=False, ondelete="RESTRICT"))
    team: str = Field(sa_column=Column(String(TEAM_MAX), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    written_by: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False))
    written_at: str = Field(sa_column=Column(String(32), nullable=False))


class UserPortfolio(SQLModel, table=True):
    """The portfolios a user's rights are limited to; a user with none has rights in all."""

    __tablename__ = "user_portfolio"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("tracker_user.id", ondelete="CASCADE"), primary_key=True))
    portfolio_id: int = Field(
        sa_column=Column(Integer, ForeignKey("portfolio.id", ondelete="CASCADE"), primary_key=True)
    )


class Consultation(SQLModel, table=True):
    """Someone a portfolio's paper for a period says was consulted, with their area ("IT")."""

    __table_args__ = (UniqueConstraint("portfolio_id", "period_id", "name", name="consulted_once_per_paper"),)

    id: int | None = Field(default=None, primary_key=True)
    portfolio_id: int = Field(sa_column=_fk("portfolio.id", nullable=False, ondelete="CASCADE"))
    period_id: int = Field(sa_column=_fk("period.id", nullable=False, ondelete="RESTRICT"))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    """The paper's order."""
    name: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False))
    area: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))


from .strand_models import ActionPriority, MeasurePriority, Milestone, RiskPriority  # noqa: E402,F401
from .paper_models import Narrative, Paper, PaperSection  # noqa: E402,F401 -- tables of the same metadata
from .measure_models import Measure, MeasureValue  # noqa: E402,F401 -- tables of the same metadata
from .risk_models import RiskControl  # noqa: E402,F401 -- tables of the same metadata

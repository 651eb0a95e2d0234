"""Work strands: a workstream's milestones, and the links of risks, actions and measures to the
plan priorities they serve (a workstream's are `workstream_priority`, in db/models.py).

No `from __future__ import annotations` here: it breaks SQLModel relationships.
"""

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

MILESTONE_TITLE_MAX = 100
"""Short enough that history's ref, "WORKSTREAM/TITLE", fits its column."""


class Milestone(SQLModel, table=True):
    """A milestone of a workstream: planned, perhaps revised, perhaps done, and how far along."""

    __table_args__ = (
        UniqueConstraint("workstream_id", "title", name="milestone_title_once_per_workstream"),
        CheckConstraint("percent BETWEEN 0 AND 100", name="milestone_percent_range"),
        CheckConstraint("length(title) > 0", name="milestone_has_title"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workstream_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workstream.id", ondelete="CASCADE"), nullable=False, index=True))
    title: str = Field(sa_column=Column(String(MILESTONE_TITLE_MAX), nullable=False))
    planned: dt.date | None = None
    revised: dt.date | None = None
    done: dt.date | None = None
    percent: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    """Percent complete, 0 to 100."""


def _link(target: str) -> Column:
    return Column(Integer, ForeignKey(target, ondelete="CASCADE"), primary_key=True)


def _priority() -> Column:
    return Column(Integer, ForeignKey("priority.id", ondelete="RESTRICT"), primary_key=True)


class RiskPriority(SQLModel, table=True):
    """Links a risk to the plan priorities it bears on."""

    __tablename__ = "risk_priority"

    risk_id: int = Field(sa_column=_link("risk.id"))
    priority_id: int = Field(sa_column=_priority())


class ActionPriority(SQLModel, table=True):
    """Links an action to the plan priorities it serves."""

    __tablename__ = "action_priority"

    action_id: int = Field(sa_column=_link("action.id"))
    priority_id: int = Field(sa_column=_priority())


class MeasurePriority(SQLModel, table=True):
    """Links a measure to the plan priorities it measures."""

    __tablename__ = "measure_priority"

    measure_id: int = Field(sa_column=_link("measure.id"))
    priority_id: int = Field(sa_column=_priority())

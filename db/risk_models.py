"""A risk's existing controls, kept apart from its mitigating actions (which are actions).

Kept apart from db/models.py, which imports it, so that each file stays one room.
No `from __future__ import annotations` here: it breaks SQLModel relationships.
"""

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import ControlEffectiveness, sql_in

CONTROL_TEXT_MAX = 2_000


class RiskControl(SQLModel, table=True):
    """A control already in place, with how effective it is; `number` orders it within its risk
    and names it in history ("9.2/1")."""

    __tablename__ = "risk_control"
    __table_args__ = (
        CheckConstraint(sql_in("effectiveness", ControlEffectiveness), name="risk_control_effectiveness_valid"),
        CheckConstraint("number >= 1", name="risk_control_number_positive"),
        UniqueConstraint("risk_id", "number", name="one_control_per_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(sa_column=Column(Integer, ForeignKey("risk.id", ondelete="CASCADE"), nullable=False, index=True))
    number: int
    description: str = Field(sa_column=Column(Text, nullable=False))
    effectiveness: str = Field(sa_column=Column(String(16), nullable=False))

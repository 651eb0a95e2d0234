"""A performance measure and its values: each value with its own period (start and end dates,
any length: a month, a quarter, a financial year, 12 months to a date, a single day), its
breakdown member and its series (actual, target, forecast, profiled).

Kept apart from db/models.py, which imports them, so that each file stays one room.
No `from __future__ import annotations` here: it breaks SQLModel relationships.
"""

import datetime as dt

from sqlalchemy import CheckConstraint, Column, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import DifferenceKind, Dimension, Direction, Series, Significance, TotalKind, Unit, sql_in

REF_MAX = 32
LABEL_MAX = 40
NAME_MAX = 200
PERSON_MAX = 100
LONG_TEXT_MAX = 20_000
MEMBER_MAX = 80
"""A breakdown member's name ("Uttlesford", "Athena", "2019/20"); with the measure's ref and the
series it names a value in history, whose refs are at most 140 characters."""
DECIMALS_MAX = 6
SORT_KEY_MAX = 4 * REF_MAX
SortKey = String(SORT_KEY_MAX).with_variant(String(SORT_KEY_MAX, collation="C"), "postgresql")


def _fk(target: str, *, nullable: bool, ondelete: str) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


def _optional(column: str, enum) -> str:
    return f"{column} IS NULL OR {sql_in(column, enum)}"


class Measure(SQLModel, table=True):
    """A performance measure: what is counted, in which unit, which way is better, and how the
    paper prints it (difference kind, decimals, significance rule, breakdown)."""

    __table_args__ = (
        CheckConstraint(sql_in("unit", Unit), name="measure_unit_valid"),
        CheckConstraint(sql_in("direction", Direction), name="measure_direction_valid"),
        CheckConstraint(_optional("difference", DifferenceKind), name="measure_difference_valid"),
        CheckConstraint(_optional("significance", Significance), name="measure_significance_valid"),
        CheckConstraint(_optional("dimension", Dimension), name="measure_dimension_valid"),
        CheckConstraint(_optional("total", TotalKind), name="measure_total_valid"),
        CheckConstraint("total IS NULL OR dimension IS NOT NULL", name="measure_total_needs_dimension"),
        CheckConstraint(f"decimals IS NULL OR decimals BETWEEN 0 AND {DECIMALS_MAX}", name="measure_decimals_valid"),
        CheckConstraint(f"difference_decimals IS NULL OR difference_decimals BETWEEN 0 AND {DECIMALS_MAX}",
                        name="measure_difference_decimals_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(REF_MAX), nullable=False, unique=True))
    sort_key: str = Field(default="", sa_column=Column(SortKey, nullable=False, index=True))
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False, unique=True))
    area: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    unit: str = Field(sa_column=Column(String(16), nullable=False))
    direction: str = Field(sa_column=Column(String(16), nullable=False))
    target: float | None = Field(default=None, sa_column=Column(Float))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    lead: str | None = Field(default=None, sa_column=Column(String(PERSON_MAX), index=True))
    workstream_id: int | None = Field(default=None, sa_column=_fk("workstream.id", nullable=True, ondelete="SET NULL"))
    portfolio_id: int = Field(sa_column=_fk("portfolio.id", nullable=False, ondelete="RESTRICT"))
    difference: str | None = Field(default=None, sa_column=Column(String(16)))
    """percent, points or absolute; None: follows the unit (points for percentages, else %)."""
    decimals: int | None = Field(default=None, sa_column=Column(Integer))
    """Decimals a value prints with; None: as many as it has."""
    difference_decimals: int | None = Field(default=None, sa_column=Column(Integer))
    """Decimals the difference prints with; None: one for %, two for points, as the value for absolute."""
    significance: str | None = Field(default=None, sa_column=Column(String(16)))
    """overlap, z_test or none; None: a change wider than the intervals' combined width."""
    dimension: str | None = Field(default=None, sa_column=Column(String(16)))
    total: str | None = Field(default=None, sa_column=Column(String(16)))
    source: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    question: str = Field(default="", sa_column=Column(Text, nullable=False))


class MeasureValue(SQLModel, table=True):
    """A measure's value for its own period (start..end), breakdown member ("" for the measure
    itself) and series: a number, a range, or none (N/A) with the footnote saying why."""

    __tablename__ = "measure_value"
    __table_args__ = (
        UniqueConstraint("measure_id", "member", "series", "label", name="one_value_per_label"),
        UniqueConstraint("measure_id", "member", "series", "start_date", "end_date", name="one_value_per_dates"),
        CheckConstraint("start_date <= end_date", name="value_dates_in_order"),
        CheckConstraint("value IS NOT NULL OR low IS NOT NULL OR high IS NOT NULL OR length(footnote) > 0",
                        name="missing_value_has_footnote"),
        CheckConstraint("ci IS NULL OR ci >= 0", name="confidence_interval_not_negative"),
        CheckConstraint("n IS NULL OR n > 0", name="sample_size_positive"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="range_in_order"),
        CheckConstraint(sql_in("series", Series), name="value_series_valid"),
        Index("ix_measure_value_latest", "measure_id", "member", "series", "end_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(sa_column=_fk("measure.id", nullable=False, ondelete="CASCADE"))
    start_date: dt.date = Field(sa_column=Column(Date, nullable=False))
    end_date: dt.date = Field(sa_column=Column(Date, nullable=False, index=True))
    label: str = Field(sa_column=Column(String(LABEL_MAX), nullable=False))
    """How the period reads ("12 months to Sep 2016"); history names the value by it."""
    member: str = Field(default="", sa_column=Column(String(MEMBER_MAX), nullable=False))
    series: str = Field(default="actual", sa_column=Column(String(16), nullable=False))
    value: float | None = Field(default=None, sa_column=Column(Float))
    low: float | None = Field(default=None, sa_column=Column(Float))
    high: float | None = Field(default=None, sa_column=Column(Float))
    ci: float | None = Field(default=None, sa_column=Column(Float))
    """The confidence interval, +/- in the measure's unit (survey measures)."""
    n: int | None = Field(default=None, sa_column=Column(Integer))
    """The sample size (survey measures), more than 0."""
    footnote: str = Field(default="", sa_column=Column(Text, nullable=False))
    entered_by: str = Field(sa_column=Column(String(PERSON_MAX), nullable=False))
    entered_at: str = Field(sa_column=Column(String(32), nullable=False))

"""Reads a board paper needs beside the dashboard's: the consultation list of a portfolio's paper
for a period, and the longer text of risks and actions (their description and detail)."""

from sqlalchemy import select
from sqlmodel import Session

from .models import Action, Consultation, Period, Portfolio, Risk


def consultation_list(session: Session, portfolio: str, period: str) -> list[tuple[str, str]]:
    """Who the paper of `portfolio` for `period` says was consulted, (name, area), in its order."""
    rows = session.execute(
        select(Consultation.name, Consultation.area)
        .join(Portfolio, Portfolio.id == Consultation.portfolio_id).join(Period, Period.id == Consultation.period_id)
        .where(Portfolio.code == portfolio, Period.label == period)
        .order_by(Consultation.position, Consultation.id)).all()
    return [(name, area) for name, area in rows]


def record_texts(session: Session, risks: list[str], actions: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The description of each risk and the detail of each action named, by ref ("" when none)."""
    described = dict(session.execute(select(Risk.ref, Risk.description).where(Risk.ref.in_(risks))).all()) \
        if risks else {}
    detailed = dict(session.execute(select(Action.ref, Action.detail).where(Action.ref.in_(actions))).all()) \
        if actions else {}
    return described, detailed

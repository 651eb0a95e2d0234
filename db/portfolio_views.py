"""Reads about portfolios themselves: how many records each holds (`tracker portfolio list`, and
which portfolios a board paper could be for), and which portfolios hold a kind of record (the
screens)."""

from sqlalchemy import func, select
from sqlmodel import Session

from .models import Action, Commitment, Measure, Portfolio, Priority, Risk, Section, Workstream

HOMED = {"sections": Section, "priorities": Priority, "workstreams": Workstream, "risks": Risk, "actions": Action,
         "commitments": Commitment, "measures": Measure}
"""The kinds of record that belong to a portfolio, by the name a count of them goes by."""
_KINDS = {"commitment": Commitment, "measure": Measure, "workstream": Workstream, "risk": Risk, "action": Action}


def record_counts(session: Session) -> dict[int, dict[str, int]]:
    """By portfolio id, how many of each kind of record it holds itself (children not added in)."""
    counts: dict[int, dict[str, int]] = {}
    for kind, table in HOMED.items():
        query = select(table.portfolio_id, func.count()).group_by(table.portfolio_id)
        for portfolio_id, n in session.execute(query):
            counts.setdefault(portfolio_id, {})[kind] = n
    return counts


def holders(session: Session, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every portfolio holding a record of `kind` ("commitment", "measure", ...),
    in portfolio order."""
    model = _KINDS[kind]
    query = (select(Portfolio.code, Portfolio.name).where(Portfolio.id.in_(select(model.portfolio_id).distinct()))
             .order_by(Portfolio.sort_key, Portfolio.code))
    return [tuple(row) for row in session.execute(query).all()]

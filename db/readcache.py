"""The portfolio tree, read once per read transaction.

Nearly every read and every write's rights check starts from the portfolio tree
(scopes.PORTFOLIOS_SQL): the report read it six times, each a round trip to a distant server.
It is kept for the session's current transaction only, so what another process writes shows
at the next transaction as before, and never inside a write transaction (`history.writing`
marks it), whose own changes to portfolios must be seen at once.
"""

from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from .scopes import PORTFOLIOS_SQL

WRITING = "tracker_writing"
"""session.info key set while `history.writing` holds a write transaction open."""
_KEY = "tracker_portfolio_rows"
_QUERY = text(PORTFOLIOS_SQL)


def portfolio_rows(session: Session) -> list[Any]:
    """PORTFOLIOS_SQL's rows, read at most once in the session's current read transaction."""
    if session.info.get(WRITING):
        return session.execute(_QUERY).all()
    transaction = session.get_transaction()
    cached = session.info.get(_KEY)
    if transaction is not None and cached is not None and cached[0] is transaction:
        return cached[1]
    rows = session.execute(_QUERY).all()
    session.info[_KEY] = (session.get_transaction(), rows)
    return rows

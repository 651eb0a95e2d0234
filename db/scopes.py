"""Which records a view shows: one portfolio with its children, or all of them.

Standard library only (db/boards.py and the TUI's first frame use it before SQLAlchemy loads).
A scope is worked out from the portfolio rows alone, so every view asks the same question the
same way: which portfolio ids, which cycle of periods, and what to call a child's record.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .enums import Cycle
from .errors import NotFound

PORTFOLIOS_SQL = ("SELECT id, code, name, parent_id, owner, status, cycle FROM portfolio"
                  " ORDER BY sort_key, code")


@dataclass(frozen=True, slots=True)
class PortfolioInfo:
    id: int
    code: str
    name: str
    parent: str | None
    owner: str | None
    status: str
    cycle: Cycle | None
    """Its own cycle; `cycle_of` gives the one it reports on (a child follows its parent)."""
    depth: int


@dataclass(frozen=True, slots=True)
class Scope:
    """A portfolio and everything under it; `code` None is every portfolio."""

    code: str | None
    name: str
    ids: tuple[int, ...] | None
    """The portfolio ids in scope; None: all."""
    above: tuple[int, ...]
    """The ids of the portfolio's ancestors (a child's workstream may sit in its parent's section)."""
    cycle: Cycle | None
    """The periods it reports on; None: every period."""
    codes: dict[int, str]
    """Every portfolio's code by id, to mark a record that comes from a child."""

    def child_of(self, portfolio_id: int) -> str | None:
        """The code to show beside a record from `portfolio_id`: None for the portfolio itself."""
        code = self.codes.get(portfolio_id)
        return None if code == self.code else code

    def sql(self, column: str) -> str:
        """A WHERE condition keeping `column` (a portfolio id) in scope; "1 = 1" for all."""
        return "1 = 1" if self.ids is None else f"{column} IN ({', '.join(map(str, self.ids))})"

    def section_sql(self, column: str) -> str:
        """Sections a scope's workstreams can sit in: its own, its children's, its ancestors'."""
        return "1 = 1" if self.ids is None else f"{column} IN ({', '.join(map(str, self.ids + self.above))})"


ALL_NAME = "All portfolios"


def tree(rows: Sequence[Sequence[Any]]) -> list[PortfolioInfo]:
    """PORTFOLIOS_SQL's rows as a tree, each parent before its children, siblings by code."""
    by_id = {row[0]: row for row in rows}
    children: dict[int | None, list] = {}
    for row in rows:
        parent = row[3] if row[3] in by_id else None
        children.setdefault(parent, []).append(row)
    out: list[PortfolioInfo] = []

    def walk(parent: int | None, depth: int) -> None:
        for pid, code, name, parent_id, owner, status, cycle in children.get(parent, []):
            out.append(PortfolioInfo(pid, code, name, by_id[parent_id][1] if parent_id in by_id else None,
                                     owner, status, Cycle(cycle) if cycle else None, depth))
            walk(pid, depth + 1)

    walk(None, 0)
    return out


def cycle_of(portfolios: list[PortfolioInfo], code: str) -> Cycle | None:
    """The cycle `code` reports on: its own, else its nearest ancestor's; None: any period."""
    by_code = {p.code: p for p in portfolios}
    seen: set[str] = set()
    current = by_code.get(code)
    while current is not None and current.code not in seen:
        if current.cycle is not None:
            return current.cycle
        seen.add(current.code)
        current = by_code.get(current.parent) if current.parent else None
    return None


def make_scope(rows: Sequence[Sequence[Any]], code: str | None) -> Scope:
    """The scope of portfolio `code` (None: all); NotFound names a code that is not one."""
    portfolios = tree(rows)
    codes = {p.id: p.code for p in portfolios}
    if code is None:
        return Scope(None, ALL_NAME, None, (), None, codes)
    by_code = {p.code: p for p in portfolios}
    if code not in by_code:
        known = ", ".join(p.code for p in portfolios) or "none yet"
        raise NotFound(f"no portfolio {code!r} (portfolios: {known})", where="portfolio")
    top = by_code[code]
    ids, above = [top.id], []
    under = {top.code}
    for p in portfolios:  # parents come before children
        if p.parent in under and p.code not in under:
            under.add(p.code)
            ids.append(p.id)
    parent = top.parent
    while parent is not None and by_code[parent].id not in above:
        above.append(by_code[parent].id)
        parent = by_code[parent].parent
    return Scope(code, top.name, tuple(ids), tuple(above), cycle_of(portfolios, code), codes)

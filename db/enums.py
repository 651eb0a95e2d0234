"""The closed vocabularies of the model, shared by the schema CHECKs, the store and the CLI."""

from enum import StrEnum


class Rag(StrEnum):
    """A Red/Amber/Green rating, as the board paper grades a workstream."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_GRADED = "not_graded"
    UNKNOWN = "unknown"
    """Reported in a paper that does not give the grade: not the same as "not graded"."""

    @property
    def label(self) -> str:
        """The word the board paper prints: "Green", "Not graded", "Grade not known"."""
        if self is Rag.UNKNOWN:
            return "Grade not known"
        return self.value.replace("_", " ").capitalize()

    @property
    def rank(self) -> int | None:
        """Higher is better; None for not graded or unknown, which are neither better nor worse."""
        return {"green": 3, "amber": 2, "red": 1}.get(self.value)


RAG_SYMBOL = {Rag.GREEN: "●", Rag.AMBER: "▲", Rag.RED: "■", Rag.NOT_GRADED: "○", Rag.UNKNOWN: "?"}
"""A shape per RAG, so a rating never rests on colour alone (screens, CLI and reports)."""
RAG_STYLE = {Rag.GREEN: "bold green", Rag.AMBER: "bold yellow", Rag.RED: "bold red", Rag.NOT_GRADED: "dim", Rag.UNKNOWN: "dim"}
"""Its colour on a terminal (Rich style names), beside the symbol and the word."""


class WorkstreamStatus(StrEnum):
    """Where a workstream is in its life."""

    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"
    PAUSED = "paused"


class ActionStatus(StrEnum):
    """Progress of an action for improvement."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class RiskStatus(StrEnum):
    """Whether a risk is still being managed."""

    OPEN = "open"
    TOLERATED = "tolerated"
    CLOSED = "closed"


class RiskRegister(StrEnum):
    """Which register a risk is recorded on; `none`: identified, not (yet) recorded on any."""

    FORCE = "force"
    COMMAND = "command"
    PROGRAMME = "programme"
    NONE = "none"


class ControlEffectiveness(StrEnum):
    """How well an existing control works, as a register rates it."""

    EFFECTIVE = "effective"
    PARTLY = "partly"
    NOT = "not"


class TravelDirection(StrEnum):
    """Which way a risk's score has moved since its last review."""

    UP = "up"
    DOWN = "down"
    UNCHANGED = "unchanged"


class Entity(StrEnum):
    """The kinds of record a change event can be about."""

    PERIOD = "period"
    SECTION = "section"
    WORKSTREAM = "workstream"
    ASSESSMENT = "assessment"
    ACTION = "action"
    RISK = "risk"
    RISK_CONTROL = "risk_control"
    """An existing control of a risk, named "RISK/N" (its number among the risk's controls)."""
    PRIORITY = "priority"
    USER = "user"
    COMMITMENT = "commitment"
    COMMENTARY = "commentary"
    MEASURE = "measure"
    PORTFOLIO = "portfolio"
    CONSULTATION = "consultation"
    PAPER = "paper"
    PAPER_SECTION = "paper_section"
    NARRATIVE = "narrative"
    """A workstream's longer update for a period, shown under its rationale in the paper."""
    MILESTONE = "milestone"
    """A workstream's milestone; history names it "WORKSTREAM/TITLE"."""


class PaperStatus(StrEnum):
    """Where a board paper is: a draft may change; an approved or presented one is frozen until a
    new version is started."""

    DRAFT = "draft"
    APPROVED = "approved"
    PRESENTED = "presented"


class SectionKind(StrEnum):
    """What a paper's section holds: narrative the lead writes, or data tracker prints."""

    NARRATIVE = "narrative"
    SUMMARY = "summary"
    DASHBOARD = "dashboard"
    WORKSTREAMS = "workstreams"
    RISKS = "risks"
    ACTIONS = "actions"
    MEASURES = "measures"
    COMMITMENTS = "commitments"
    CONSULTATION = "consultation"
    LINKS = "links"
    """Links to the plan: each plan priority with the workstreams, risks, actions and measures linked to it."""

    @property
    def label(self) -> str:
        return SECTION_KIND_LABEL[self]


SECTION_KIND_LABEL = {
    SectionKind.NARRATIVE: "Narrative", SectionKind.SUMMARY: "Summary of the ratings",
    SectionKind.DASHBOARD: "Dashboard table", SectionKind.WORKSTREAMS: "Workstream updates",
    SectionKind.RISKS: "Risks", SectionKind.ACTIONS: "Actions for improvement",
    SectionKind.MEASURES: "Performance measures", SectionKind.COMMITMENTS: "Plan commitments",
    SectionKind.CONSULTATION: "Consultation list", SectionKind.LINKS: "Links to the plan",
}


class PortfolioStatus(StrEnum):
    """Whether a portfolio still reports."""

    ACTIVE = "active"
    CLOSED = "closed"


class Cycle(StrEnum):
    """How long a period is, and so which portfolios report on it (a portfolio's cycle).

    A period's cycle follows from its dates (db/cycles.py): Jan-Dec is a year, Apr-Mar a
    financial year, any other twelve whole months "twelve months" (12 months to a date).
    """

    YEAR = "year"
    FINANCIAL_YEAR = "financial-year"
    TWELVE_MONTHS = "twelve-months"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    OTHER = "other"


class Unit(StrEnum):
    """What a performance measure counts. Rates compare in percentage points, the rest in %."""

    COUNT = "count"
    PERCENTAGE = "percentage"
    MONEY = "money"
    DAYS = "days"
    SECONDS = "seconds"

    @property
    def is_rate(self) -> bool:
        return self is Unit.PERCENTAGE


class Direction(StrEnum):
    """Which way a measure should move."""

    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"


class DifferenceKind(StrEnum):
    """How a measure's change from last year prints: a % change, percentage points, or the
    difference in the unit itself (a wait of 7 s against 9 s is "2")."""

    PERCENT = "percent"
    POINTS = "points"
    ABSOLUTE = "absolute"


class Significance(StrEnum):
    """When a change counts as statistically significant: the two confidence intervals do not
    overlap, a z-test of two proportions from the sample sizes, or never said."""

    OVERLAP = "overlap"
    Z_TEST = "z_test"
    NONE = "none"


class Series(StrEnum):
    """What a measure's value is: what happened, the target for the period, a forecast, or the
    profile planned (a benefits profile)."""

    ACTUAL = "actual"
    TARGET = "target"
    FORECAST = "forecast"
    PROFILED = "profiled"


class Dimension(StrEnum):
    """What a measure's breakdown members are."""

    AREA = "area"
    SYSTEM = "system"
    MONTH = "month"
    CATEGORY = "category"
    YEAR = "year"


class TotalKind(StrEnum):
    """A broken-down measure's total: stored as the paper prints it, or the sum of its members."""

    STORED = "stored"
    DERIVED = "derived"


class Role(StrEnum):
    """What a user may do: admins everything, leads what they own, reviewers read."""

    ADMIN = "admin"
    LEAD = "lead"
    REVIEWER = "reviewer"


class ChangeKind(StrEnum):
    """What happened to the record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


def sql_in(column: str, enum: type[StrEnum]) -> str:
    """A CHECK expression that keeps `column` inside `enum`'s values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"

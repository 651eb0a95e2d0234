"""Errors the store raises. Each names what was wrong and where; the CLI maps them to exit codes."""


class TrackerError(Exception):
    """Anything tracker reports to its user as a message rather than a traceback."""

    exit_code = 1


class InvalidInput(TrackerError):
    """The user's input was wrong: an unknown ref, a bad value, a rule broken. Exit status 2."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        """Which item and field was wrong, e.g. "workstream 5.4.3, rag"."""
        self.reason = message
        super().__init__(f"{where}: {message}" if where else message)


class NotFound(InvalidInput):
    """A ref, label or number that names nothing stored."""


class DatabaseProblem(TrackerError):
    """The database cannot be used as it is: missing, foreign, too old or too new."""


class Conflict(TrackerError):
    """Someone else changed the record after you read it; your change was not saved. Exit status 1."""

    exit_code = 1

    def __init__(self, where: str, changes: list) -> None:
        self.where = where
        self.changes = changes
        """The change events written since you read the record, oldest first."""
        described = "; ".join(
            f"{c.actor} at {c.at[:16].replace('T', ' ')} UTC set {c.field} from {c.old!r} to {c.new!r}"
            for c in changes[:5]
        )
        more = f" (and {len(changes) - 5} more)" if len(changes) > 5 else ""
        super().__init__(f"{where} was changed after you opened it, so your change was not saved: {described}{more}")


class Forbidden(TrackerError):
    """The acting user's role does not allow this change; the message names the rule. Exit status 1."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        """The field the rule is about, when one is (e.g. "risk 5.1, portfolio"), for a form to show it there."""
        self.reason = message
        super().__init__(message)

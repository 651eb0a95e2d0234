"""The form that sets a measure's value: for a period of any length (a stored period, a label that
reads as dates, or its own start and end), a breakdown member, a series (actual, a target of the
profile, a forecast), a range, a confidence interval and a sample size, or N/A with a footnote.

Every rule is the store's (db/measures.set_measure_value): the form only turns what was typed into
a MeasureValueInput, and a refusal comes back under the field it names."""

from tracker.db import changes, plan, views
from tracker.db.enums import Series
from tracker.db.errors import InvalidInput
from tracker.db.history import as_text
from tracker.db.measures import MeasureRow
from tracker.db.schemas import MeasureValueInput, validated
from tracker.db.words import word
from tracker.screens.base import TrackerScreen
from tracker.screens.editing import store_call
from tracker.screens.fields import Field
from tracker.screens.forms import RecordForm
from tracker.screens.render import one_line

PERIOD_HINT = "a period, or dates: Mar 2016, Q2 2023/24, 2019/20"
NUMBERS = ("value", "low", "high", "ci")


def value_fields(row: MeasureRow) -> list[Field]:
    """The form's fields; a member only for a measure with a breakdown."""
    fields = [
        Field("period", "Period", required=True, hint=PERIOD_HINT),
        Field("start", "Start", kind="date", hint="with End: its own dates (Period: their label)"),
        Field("end", "End", kind="date"),
    ]
    if row.dimension:
        fields.append(Field("member", "Member", hint=f"the {word(row.dimension)} it is for; blank: the total"))
    fields += [
        Field("series", "Series", kind="choice", required=True, choices=[s.value for s in Series]),
        Field("value", "Value", hint=f"{word(row.unit)}; type n/a if it is missing"),
        Field("low", "Low", hint="a range, beside or instead of the value"),
        Field("high", "High"),
        Field("ci", "Confidence ±"),
        Field("n", "Sample size", kind="int"),
        Field("footnote", "Footnote", kind="long"),
    ]
    return fields


def value_input(values: dict, labels: set[str], *, where: str) -> MeasureValueInput:
    """What was typed as the store's input: a stored period by its label, else a label that reads
    as dates, or the label of the dates given; InvalidInput naming the field otherwise."""
    data: dict = {"series": values.get("series") or Series.ACTUAL.value, "footnote": values.get("footnote") or "",
                  "member": (values.get("member") or "").strip() or None, "n": values.get("n")}
    for name in NUMBERS:
        data[name] = plan.parse_number(values.get(name) or "", where=name)
    label = (values.get("period") or "").strip()
    if values.get("start") or values.get("end"):
        data |= {"start": values.get("start"), "end": values.get("end"), "label": label}
    else:
        data["period" if label in labels else "label"] = label
    return validated(MeasureValueInput, data, where=where)


def set_value(screen: TrackerScreen, row: MeasureRow, period: str | None) -> None:
    """Ask for a measure's value (for `period`, to start with) and save it."""
    with screen.session() as session:
        labels = [p.label for p in reversed(views.periods(session)) if not p.closed]
        stored = {p.label for p in views.periods(session)}
        current = {(v.member, v.series, v.label): v for v in plan.series(session, row.ref)}
        opened = changes.last_change_id(session)
    start = period or (labels[0] if labels else "")
    shown = current.get(("", Series.ACTUAL.value, start))

    def save(values: dict):
        try:
            data = value_input(values, stored, where=f"measure {row.ref}")
        except InvalidInput as exc:
            return exc
        # Refused if anyone changed this value after the form opened.
        return store_call(screen, plan.set_measure_value, ref=row.ref, data=data, expected=opened)

    values = {"period": start, "series": Series.ACTUAL.value}
    if shown is not None:  # the period's value as it stands, to change
        values |= {name: as_text(getattr(shown, name)) or "" for name in (*NUMBERS, "n")}
        values["footnote"] = shown.footnote

    def done(result: dict | None) -> None:
        if result is not None:
            member = f" ({result['member']})" if result.get("member") else ""
            screen.notify(f"Measure {row.ref}{member}: {result['series']} value for {result['period']} saved",
                          markup=False)
            screen.reload()

    screen.app.push_screen(
        RecordForm(title=one_line(f"{row.ref} {row.name}"), fields=value_fields(row), values=values,
                   save=save, creating=True),
        done,
    )

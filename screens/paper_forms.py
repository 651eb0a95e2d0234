"""The Paper screen's forms: the text editor (a section's text, a workstream's narrative), the
front sheet, a new section and a new paper. Each writes through db/papers.py.

The editor keeps the app's form rules: ctrl+s saves (a refusal, such as someone else's change
since it was opened, is shown under the text and everything typed stays), Escape cancels, asking
first when the text was changed; stored control or hidden characters show as markers.
"""

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea
from tracker.db import changes, paper_checks, papers, records
from tracker.db.enums import Entity, SectionKind
from tracker.db.errors import InvalidInput
from tracker.db.paper_schemas import FRONT_FIELDS, FrontSheetUpdate, PaperRecord, SectionInput, SectionUpdate
from tracker.db.paper_views import PaperInfo
from tracker.db.schemas import validated
from tracker.screens.editing import store_call
from tracker.screens.forms import ConfirmModal, Field, FormModal, RecordForm
from tracker.screens.render import one_line

MESSAGE_MAX = 600
"""A refusal longer than this (a conflict quotes both texts) is cut, so the editor stays usable."""


class TextEditor(FormModal[str]):
    """Edit one long text in a TextArea; its result is the text saved."""

    DEFAULT_CSS = """
    TextEditor .form.editor { width: 100%; height: 100%; max-height: 100%; }
    TextEditor .editor TextArea { height: 1fr; }
    TextEditor .editor .error { padding-left: 0; max-height: 6; }
    """

    def __init__(self, *, title: str, hint: str, text: str, save: Callable[[str], InvalidInput | None]) -> None:
        super().__init__(save)
        self.heading, self.hint, self.stored = title, hint, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="form editor"):
            yield Label(Text(one_line(self.heading)), classes="title")
            yield Static(Text(self.hint), classes="hint")
            yield TextArea(self.shown("text", self.stored, lines=True), id="field-text", soft_wrap=True, compact=True)
            yield Static(classes="error", id="error-text")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def to_model(self) -> str:
        return self.typed("text", self.query_one(TextArea).text)

    @property
    def changed(self) -> bool:
        return self.to_model() != self.stored

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard what you typed? Nothing has been saved."), answered)


def _short(error: InvalidInput | None) -> InvalidInput | None:
    if error is None:
        return None
    message = str(error)
    return InvalidInput(message if len(message) <= MESSAGE_MAX else message[:MESSAGE_MAX] + "…")


def edit_section_text(screen, key: papers.PaperKey, section: str, done: Callable[[str | None], None]) -> None:
    """Open the editor on `section`'s text as stored now, remembering its version: a save after
    someone else's change to it is refused with their change."""
    from tracker.db.paper_views import sections

    with screen.session() as session:
        found = next((s for s in sections(session, key) if s.key == section), None)
        version = changes.record_version(session, Entity.PAPER_SECTION.value, key.section_ref(section), key.period)
    if found is None:
        screen.notify(f"section {section} is no longer in the paper", severity="warning")
        return

    def save(text: str) -> InvalidInput | None:
        try:
            data = validated(SectionUpdate, {"text": text}, where=f"{key.where}, section {section}")
        except InvalidInput as exc:
            return _short(InvalidInput(f"{exc.where}: {exc.reason}"))
        return _short(store_call(screen, papers.edit_section, key=key, section=section, changes=data,
                                 expected=version))

    what = "Text" if found.kind == SectionKind.NARRATIVE else f"Lead-in text above the {found.kind.label.lower()}"
    title = found.heading or f"{found.kind.label} (continues the section before)"
    screen.app.push_screen(TextEditor(title=f"{title} · {key.period}", hint=f"{what}; {HINT}.", text=found.text,
                                      save=save), done)


HINT = "a blank line starts a paragraph, '- ' a bullet, '## ' a sub-heading"


def edit_narrative(screen, workstream: str, period: str, done: Callable[[str | None], None]) -> None:
    """Open the editor on `workstream`'s narrative for `period`, after the rights and a closed
    period are checked (refused before anyone types)."""
    from tracker.db.paper_views import narrative

    with screen.session() as session:
        refusal = paper_checks.narrative_refusal(session, screen.app.user, period, workstream)
        text = narrative(session, period, workstream=workstream)
        name = records.record_fields(session, "workstream", workstream)["name"] if refusal is None else ""
        version = changes.record_version(session, Entity.NARRATIVE.value, workstream, period)
    if screen.app.read_only:
        refusal = f"Read-only: {screen.app.read_only_reason}"
    if refusal:
        screen.notify(refusal, severity="warning", timeout=8)
        return

    def save(value: str) -> InvalidInput | None:
        return _short(store_call(screen, papers.set_narrative, period=period, text=value, workstream=workstream,
                                 expected=version))

    screen.app.push_screen(TextEditor(title=f"{workstream} {name} · narrative for {period}",
                                      hint=f"Printed under its rationale in the paper; {HINT}.", text=text,
                                      save=save), done)


# ---------------------------------------------------------------------------------------------
# Front sheet, new section, new paper


FRONT_FORM = {
    "programme": "Programme", "report_to": "Report to", "title": "Title", "marking": "Marking",
    "agenda_item": "Agenda no.", "chief_officer": "Chief Officer", "written_on": "Written on",
    "version": "Version", "report_from": "Report from", "meeting": "Meeting", "meeting_date": "Meeting on",
    "authors": "Authors", "approved_on": "Approved on", "approved_by": "Approved by", "cog": "COG",
}
"""The front sheet's fields as the form labels them (14 columns); the paper's own labels are
db/paper_views.FRONT_LABELS."""
DATES = ("written_on", "meeting_date", "approved_on")


def front_sheet(screen, info: PaperInfo, done: Callable) -> None:
    key = info.key
    with screen.session() as session:
        version = changes.record_version(session, Entity.PAPER.value, key.ref, key.period)
    fields = [Field(f, FRONT_FORM[f], kind="date" if f in DATES else "text", required=f == "title") for f in FRONT_FIELDS]
    values = {f: ("" if info.front[f] is None and f not in DATES else info.front[f]) for f in FRONT_FIELDS}

    def save(changed: dict) -> InvalidInput | None:
        if not changed:
            return None
        given = {f: ("" if v is None and f not in DATES else v) for f, v in changed.items()}
        try:
            data = validated(FrontSheetUpdate, given, where=key.where)
        except InvalidInput as exc:
            return InvalidInput(exc.reason, where=(exc.where or "").rsplit(", ", 1)[-1])
        return store_call(screen, papers.update_front_sheet, key=key, changes=data, expected=version)

    screen.app.push_screen(RecordForm(title=f"Front sheet · {info.title} · {key.period}", fields=fields,
                                      values=values, save=save, creating=False), done)


KINDS = [k.value for k in SectionKind]


def add_section(screen, key: papers.PaperKey, position: int, done: Callable) -> None:
    """Ask for a new section's title and kind; it goes in at `position`."""
    fields = [Field("title", "Title"), Field("kind", "Kind", kind="choice", choices=KINDS),
              Field("level", "Level", kind="choice", choices=["1", "2"]),
              Field("numbered", "Numbered", kind="choice", choices=["no", "yes"])]

    def save(values: dict) -> InvalidInput | None:
        title = (values.get("title") or "").strip()
        with screen.session() as session:
            section_key = papers.next_free_key(session, key, title or values["kind"])
        try:
            data = validated(SectionInput, {"key": section_key, "title": title, "kind": values["kind"],
                                            "level": int(values["level"]), "numbered": values["numbered"] == "yes"},
                             where=f"{key.where}, new section")
        except InvalidInput as exc:
            return InvalidInput(exc.reason, where=(exc.where or "").rsplit(", ", 1)[-1])
        return store_call(screen, papers.add_section, key=key, section=data, position=position)

    screen.app.push_screen(RecordForm(title=f"New section at {position} (no title: it continues the one before)",
                                      fields=fields, values={"kind": "narrative", "level": "1", "numbered": "no"},
                                      save=save, creating=True), done)


def new_paper(screen, portfolio: str, period: str, previous: str | None, done: Callable) -> None:
    """Start `portfolio`'s paper for `period`: from a template, or from `previous` period's paper."""
    from tracker.db.templates import TEMPLATES

    starts = ([f"copy {previous}'s paper"] if previous else []) + [f"{t.name}: {t.title}" for t in TEMPLATES.values()]
    fields = [Field("title", "Title"), Field("kind", "Kind", required=True),
              Field("start", "Start from", kind="choice", choices=starts)]

    def save(values: dict) -> InvalidInput | None:
        start, kind = values["start"], (values.get("kind") or "").strip()
        copy = start.startswith("copy ")
        title = (values.get("title") or "").strip()
        if not copy and not title:
            return InvalidInput("a new paper's title must not be empty", where="title")
        try:
            validated(PaperRecord, {"title": title or "-", "period": period, "kind": kind}, where="new paper")
        except InvalidInput as exc:
            return InvalidInput(exc.reason, where=(exc.where or "").rsplit(", ", 1)[-1])
        data = FrontSheetUpdate(title=title) if title else None
        return store_call(screen, papers.create_paper, key=papers.PaperKey(portfolio, period, kind), front=data,
                          template=None if copy else start.split(":")[0], from_period=previous if copy else None)

    screen.app.push_screen(RecordForm(title=f"New paper of {portfolio} for {period}", fields=fields,
                                      values={"kind": "report", "start": starts[0]}, save=save, creating=True), done)

"""What a paper's section will print, as text for the Paper screen's right-hand pane.

A narrative's text is laid out from its blocks (db/prose.py: paragraphs, lists, sub-headings,
simple tables); nothing else in it is read as markup, and every character is made safe
(screens/render.visible). A data section shows its lead-in, then a preview of the records the
report prints there, from the same report model the board paper is built from (`report`, read
by the app: screens do not import tracker.reports), or its nil return when nothing is in scope.
"""

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from tracker.db.dates import show_date
from tracker.db.risk_rules import paper_facts
from tracker.db.enums import SectionKind
from tracker.db.paper_views import Narratives, SectionInfo
from tracker.db.prose import Grid, Items, Para, SubHeading, blocks
from tracker.screens.render import one_line, visible
from tracker.screens.theme import BAD, MUTED, rag_text, themed

NO_RISKS = "There are no strategic risks in this portfolio at present."
NO_ACTIONS = "There are no actions for improvement in this portfolio at present."
SHOWN = 12
"""How many records a data section's preview lists before saying how many more there are."""


@dataclass(frozen=True)
class Preview:
    """What the data sections of one portfolio's paper for one period print."""

    report: Any = None
    """The board report's model (tracker.reports.model.Report), None when it could not be built."""
    problem: str = ""
    """Why there is no report model (e.g. the period has no workstreams)."""
    narratives: Narratives = field(default_factory=lambda: Narratives({}, {}))
    names: dict[str, str] = field(default_factory=dict)
    """Portfolio names by code, for the child portfolios records are grouped under."""
    consulted: list[tuple[str, str]] = field(default_factory=list)


def narrative(text: str, *, indent: str = "") -> Text:
    """`text` laid out by its blocks; "(no text yet)" when there is none."""
    out = Text()
    found = blocks(text)
    if not found:
        return Text(f"{indent}(no text yet)", style="italic")
    for block in found:
        if isinstance(block, Para):
            out.append(f"{indent}{visible(block.text)}\n\n")
        elif isinstance(block, SubHeading):
            out.append(f"{indent}{visible(block.text)}\n", style="bold" if block.level == 2 else "bold italic")
        elif isinstance(block, Items):
            for n, item in enumerate(block.items, start=1):
                out.append(f"{indent}{f'{n}.' if block.numbered else '•'} {visible(item)}\n")
            out.append("\n")
        elif isinstance(block, Grid):
            for row_number, row in enumerate(block.rows):
                style = "bold" if block.headed and row_number == 0 else ""
                out.append(indent + " │ ".join(one_line(cell) for cell in row) + "\n", style=style)
            out.append("\n")
    out.rstrip()
    return out


def section_text(section: SectionInfo, preview: Preview) -> Text:
    """The body of `section` as the pane shows it: narrative, or lead-in and data."""
    if section.kind == SectionKind.NARRATIVE:
        return narrative(section.text)
    out = Text()
    if section.text.strip():
        out.append_text(narrative(section.text))
        out.append("\n\n")
    out.append(f"Prints: {section.kind.label.lower()}\n", style=themed(MUTED))
    report = preview.report
    if report is None:
        out.append(visible(preview.problem or "nothing to preview"), style="italic")
        return out
    out.append_text(PREVIEWS[section.kind](section, report, preview))
    return out


def _nil(section: SectionInfo, default: str) -> Text:
    return Text(visible(section.nil_text.strip() or default), style="italic")


def _summary(section: SectionInfo, report, preview: Preview) -> Text:
    return Text("\n".join(visible(s) for s in report.summary))


def _dashboard(section: SectionInfo, report, preview: Preview) -> Text:
    caption = section.caption.strip() or "Dashboard"
    out = Text(f"Table 1 – {one_line(caption)}\n", style="bold")
    out.append(f"Ref · {one_line(section.caption.strip() or 'Workstream')} · Current RAG {one_line(report.period.label)}"
               f" · Previous RAG {one_line(report.previous_label)} · change\n", style=themed(MUTED))
    rows = [row for block in report.sections for row in block.rows]
    if not rows:
        return out.append_text(_nil(section, f"No workstreams are reported for {report.period.label}."))
    for block in report.sections:
        out.append(f"{one_line(block.code)} {one_line(block.name)}\n", style="bold")
        for row in block.rows:
            out.append(f"  {one_line(row.ref)} {one_line(row.name)}  ")
            out.append_text(rag_text(row.rag) if row.rag else Text(one_line(row.change or "not rated")))
            out.append(" · was ")
            out.append_text(rag_text(row.previous_rag))
            out.append(f" · {one_line(row.change or '—')}\n")
    return out


def _workstreams(section: SectionInfo, report, preview: Preview) -> Text:
    out = Text()
    rows = report.workstreams
    if not rows:
        return _nil(section, f"No workstreams are reported for {report.period.label}.")
    for block in report.sections:
        out.append(f"{one_line(block.code)} {one_line(block.name)}\n", style="bold")
        if text := preview.narratives.sections.get(block.code, "").strip():
            out.append_text(narrative(text))
            out.append("\n")
        for row in (r for r in block.rows if r.rag is not None):
            out.append(f"{one_line(row.ref)} {one_line(row.name)}\n", style="bold")
            out.append("Overall RAG ")
            out.append_text(rag_text(row.rag))
            out.append(f" · {one_line(row.change or '')}\n")
            out.append(visible(row.rationale or "No rationale recorded.") + "\n")
            if text := preview.narratives.workstreams.get(row.ref, "").strip():
                out.append_text(narrative(text, indent="  "))
                out.append("\n")
            out.append("\n")
    out.rstrip()
    return out


def _grouped(records: list, preview: Preview, line, nil: Text) -> Text:
    """One paragraph per record (the portfolio's own first, then each child's under its name,
    in ref order), at most SHOWN of them."""
    if not records:
        return nil
    from tracker.db.views import natural_key

    out, group = Text(), object()
    ordered = sorted(records, key=lambda r: (r.portfolio is not None, r.portfolio or "", natural_key(r.ref)))
    for record in ordered[:SHOWN]:
        if record.portfolio != group:
            group = record.portfolio
            if group is not None:
                out.append(f"{one_line(preview.names.get(group, group))}\n", style="bold")
        out.append_text(line(record))
    if len(ordered) > SHOWN:
        out.append(f"… and {len(ordered) - SHOWN} more\n", style="italic")
    out.rstrip()
    return out


def _risk(risk) -> Text:
    out = Text(visible(getattr(risk, "description", "") or risk.title) + "\n")
    facts = paper_facts(risk)  # what the report prints under it (db/risk_rules)
    out.append(one_line(" · ".join(map(str, facts))) + "\n\n", style=themed(MUTED))
    return out


def _action(action) -> Text:
    out = Text(visible(getattr(action, "detail", "") or action.title) + "\n")
    facts = [action.ref, action.owner or "no owner", f"due {show_date(action.due_date) or '—'}", action.status.replace("_", " ")]
    out.append(one_line(" · ".join(map(str, facts))), style=themed(MUTED))
    if action.overdue:
        out.append(" · OVERDUE", style=themed(BAD, bold=True))
    out.append("\n\n")
    return out


def _risks(section: SectionInfo, report, preview: Preview) -> Text:
    return _grouped(report.risks, preview, _risk, _nil(section, NO_RISKS))


def _actions(section: SectionInfo, report, preview: Preview) -> Text:
    return _grouped(report.actions, preview, _action, _nil(section, NO_ACTIONS))


def _measures(section: SectionInfo, report, preview: Preview) -> Text:
    rows = [row for block in report.measures for row in block.rows]
    if not rows:
        return _nil(section, "There are no performance measures in this portfolio.")
    out = Text()
    for row in rows[:SHOWN]:
        out.append(f"{one_line(row.name)}: {row.shown(row.last)} → {row.shown(row.this)} "
                   f"({row.comparison.assessment})\n")
    if len(rows) > SHOWN:
        out.append(f"… and {len(rows) - SHOWN} more\n", style="italic")
    return out


def _commitments(section: SectionInfo, report, preview: Preview) -> Text:
    rows = [row for block in report.plan for row in block.rows]
    if not rows:
        return _nil(section, "There are no plan commitments in this portfolio.")
    out = Text(f"Commentary of {one_line(report.plan_period or 'no quarter')}\n", style="bold")
    for row in rows[:SHOWN]:
        mark = "✓" if row.commentary else "✗ no update:"
        out.append(f"{one_line(row.ref)} {mark} {one_line(row.text)}\n")
    if len(rows) > SHOWN:
        out.append(f"… and {len(rows) - SHOWN} more\n", style="italic")
    return out


def _consultation(section: SectionInfo, report, preview: Preview) -> Text:
    if not preview.consulted:
        return _nil(section, "No one is listed as consulted for this period.")
    return Text(", ".join(visible(f"{name} ({area})" if area else name) for name, area in preview.consulted))


def _links(section: SectionInfo, report, preview: Preview) -> Text:
    return Text("Each plan priority with the paper's workstreams, risks, actions and measures linked to it.",
                style="italic")


PREVIEWS = {
    SectionKind.SUMMARY: _summary, SectionKind.DASHBOARD: _dashboard, SectionKind.WORKSTREAMS: _workstreams,
    SectionKind.RISKS: _risks, SectionKind.ACTIONS: _actions, SectionKind.MEASURES: _measures,
    SectionKind.COMMITMENTS: _commitments, SectionKind.CONSULTATION: _consultation, SectionKind.LINKS: _links,
}

"""The board paper as a Document: the paper kept in tracker (its front sheet, its sections in
order, numbered as the papers number them), or tracker's generic report where there is none.

`build_document` reads the store; `compose` is pure: from the report's data (model.Report), the
paper (db.paper_views.PaperView, or None) and the extras a paper prints (narratives, the
consultation list, risks' and actions' longer text) to the Document the renderers lay out.
"""

import datetime as dt
from dataclasses import replace

from sqlmodel import Session

from tracker.db.enums import SectionKind
from tracker.db.paper_schemas import FRONT_FIELDS
from tracker.db.paper_views import FRONT_LABELS, PaperView, SectionInfo, numbered
from tracker.db.templates import GENERIC
from tracker.reports.document import Document, FrontSheet, Heading, para
from tracker.reports.model import Report
from tracker.reports.paper_context import Context, Extras
from tracker.reports.paper_data import section_blocks
from tracker.reports.style import long_date


def build_document(session: Session, *, period: str | None, author: str, portfolio: str | None = None,
                   kind: str | None = None, title: str = GENERIC.title, sections: list[str] = (),
                   refs: list[str] = (), today: dt.date | None = None,
                   as_at: dt.date | None = None) -> tuple[Document, Report]:
    """The document `tracker report` prints for `portfolio` and `period`: its paper (of `kind`,
    when it has several), else the generic report, which says so."""
    from tracker.db import report_views, views
    from tracker.db.paper_views import narratives, the_paper
    from tracker import reports

    report = reports.build_report(  # looked up on the package, where the TUI's tests watch it
        session, period=period, author=author, title=title, sections=sections, refs=refs, today=today,
        portfolio=portfolio, as_at=as_at)
    code, label = report.portfolio_code, report.period.label
    view = the_paper(session, code, label, kind) if code else None
    if view is not None and as_at is None and view.info.front["written_on"] is not None:
        report = as_written(report, view.info.front["written_on"])
    risk_text, action_text = report_views.record_texts(session, [r.ref for r in report.risks],
                                                       [a.ref for a in report.actions])
    extras = Extras(
        narratives=narratives(session, label),
        consulted=report_views.consultation_list(session, code, label) if code else [],
        risk_text=risk_text, action_text=action_text,
        children={p.code: p.name for p in views.portfolios(session)}, **strand_extras(session, report))
    return compose(report, view, extras), report


def strand_extras(session, report: Report) -> dict:
    """The paper's work strands: its workstreams' milestones, and its records' links to the plan."""
    from tracker.db import strand_views

    milestones: dict[str, list] = {}
    for row in strand_views.milestones(session):
        milestones.setdefault(row.workstream, []).append(row)
    shown = ({("workstream", w.ref) for block in report.sections for w in block.rows}
             | {("risk", r.ref) for r in report.risks} | {("action", a.ref) for a in report.actions}
             | {("measure", m.ref) for block in report.measures for m in block.rows})
    links = [(f"Priority {number} – {title}", [f"{kind.capitalize()} {ref} {name}" for kind, ref, name in linked
                                              if (kind, ref) in shown])
             for (number, title), linked in strand_views.plan_links(session).items()]
    return {"milestones": milestones, "plan_links": [(heading, lines) for heading, lines in links if lines]}


def as_written(report: Report, written: dt.date) -> Report:
    """A paper judges "overdue" as at the date it was written, unless told otherwise (`--as-at`):
    what it says is late is what was late when it was written."""
    late = {a.ref for a in report.actions
            if a.status in ("open", "in_progress") and a.due_date is not None and a.due_date < written}
    return replace(report, as_at=written, overdue=late)


def compose(report: Report, view: PaperView | None = None, extras: Extras | None = None) -> Document:
    """The Document of `report`: laid out as `view` says, or as tracker's generic report."""
    ctx = Context(report, extras or Extras(), generic=view is None)
    outline = view.sections if view is not None else generic_outline(report)
    blocks = [] if view is not None else [para(no_paper_notice(report), style="note")]
    for section in outline:
        ctx.numbers.start(section)
        if section.number is not None:
            blocks.append(Heading(section.level, shown_title(ctx, section), section_number(ctx, section)))
        blocks += section_blocks(ctx, section)
    if report.head:
        blocks.append(para(f"History head {report.head} (tracker verify --head checks it later)", style="small"))
    front = front_sheet(report, view)
    marking = view.info.front.get("marking") or "" if view is not None else ""
    return Document(title=view.info.title if view is not None else report.title, front=front, blocks=blocks,
                    marking=str(marking).upper(), head=report.head, generic=view is None)


def no_paper_notice(report: Report) -> str:
    of = report.portfolio_code or "this database"
    return (f"No paper is kept in tracker for {of} {report.period.label}; this is tracker's generic report "
            "(`tracker paper new` starts one).")


def generic_outline(report: Report) -> list[SectionInfo]:
    """GENERIC's sections, numbered 1, 2, 3... without gaps: plan commitments and measures only
    where the portfolio has them, as the generic report has always printed."""
    absent = {SectionKind.COMMITMENTS: not report.plan, SectionKind.MEASURES: not report.measures}
    rows = [{"position": n, "level": 1, "numbered": False, "text": "", "nil_text": "", "caption": "",
             "stale": False, **s} for n, s in enumerate(GENERIC.sections, start=1)]
    return numbered([r for r in rows if not absent.get(r["kind"], False)])


def section_number(ctx: Context, section: SectionInfo) -> str:
    """ "5.0" and "6.1" as the papers head their sections; the generic report's "1", "2"."""
    if ctx.generic or "." in section.number:
        return section.number
    return f"{section.number}.0"


def shown_title(ctx: Context, section: SectionInfo) -> str:
    if ctx.generic and section.kind == SectionKind.COMMITMENTS and ctx.report.plan_period:
        return f"{section.title}: update for {ctx.report.plan_period}"
    return section.title


def front_sheet(report: Report, view: PaperView | None) -> FrontSheet:
    """The paper's front sheet, label and value in its order (fields it leaves empty are left
    out); the generic report's facts where there is no paper."""
    if view is None:
        facts = [(label, value) for label, value in report.facts if label != "History head"]
        return FrontSheet(report.title, "", (("Title of report", report.title), *facts))
    front = view.info.front
    rows = []
    for name in FRONT_FIELDS:
        value = front.get(name)
        if name in ("programme", "report_to") or value in (None, ""):
            continue
        rows.append((FRONT_LABELS[name], long_date(value) if isinstance(value, dt.date) else str(value)))
    report_to = f"Report to: {front['report_to']}" if front.get("report_to") else ""
    return FrontSheet(str(front.get("programme") or front["title"]), report_to, tuple(rows))

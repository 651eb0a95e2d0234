"""A paper's sections as blocks: narrative as the lead wrote it, and each data section (summary,
dashboard, workstreams, risks, actions, commitments, measures, consultation) from tracker's
records, with its lead-in first and its nil return when nothing is in scope."""

from dataclasses import replace

from tracker.db.enums import Rag, SectionKind
from tracker.db.paper_views import SectionInfo
from tracker.db.risk_rules import paper_facts
from tracker.db.trends import sparkline
from tracker.db.views import natural_key
from tracker.reports.document import Cell, Facts, Heading, Items, Paragraph, Row, Run, Table, para
from tracker.reports.model import (
    COMMITMENT_HEADINGS, NO_ACTIONS, NO_RISKS, MeasureBlock, commitment_cells,
)
from tracker.reports import measure_table
from tracker.reports.paper_context import Context, text_blocks
from tracker.reports.style import long_date, rag_word

NO_WORKSTREAMS = "There are no workstreams in this portfolio at present."
NO_COMMITMENTS = "There are no plan commitments in this portfolio at present."
NO_MEASURES = "There are no performance measures in this portfolio at present."
NO_CONSULTATION = "No one is recorded as consulted for this paper."
NO_LINKS = "Nothing in this paper is linked to a plan priority."

GENERIC_DASHBOARD_WIDTHS = (1.7, 7.1, 3.0, 3.0, 2.2)
DASHBOARD_WIDTHS = (1.5, 5.9, 2.6, 2.6, 2.0, 2.4)
RISK_WIDTHS = (1.6, 7.4, 3.2, 1.6, 1.6, 1.6)
ACTION_WIDTHS = (1.6, 6.6, 3.0, 2.6, 3.2)
COMMITMENT_WIDTHS = (5.0, 8.6, 3.4)


def section_blocks(ctx: Context, section: SectionInfo) -> list:
    """What `section` prints under its heading."""
    if section.kind == SectionKind.NARRATIVE:
        return text_blocks(ctx, section.text, section.level + 1)
    return _lead(ctx, section) + KINDS[section.kind](ctx, section)


def _lead(ctx: Context, section: SectionInfo) -> list:
    return text_blocks(ctx, section.text, section.level + 1)


def _nil(ctx: Context, section: SectionInfo, default: str) -> list:
    """The lead's own words for "nothing in scope", else tracker's."""
    if section.nil_text.strip():
        return text_blocks(ctx, section.nil_text, section.level + 1)
    return [para(default, number=ctx.numbers.next())]


def rag_cell(rag: Rag | None, period: str | None, *, bold: bool = True) -> Cell:
    """A RAG's symbol and word on its fill; this period's in bold, the last one's not."""
    return Cell(rag_word(rag, period), fill=rag, bold=bold and rag is not None)


def _summary(ctx: Context, section: SectionInfo) -> list:
    sentences = ctx.report.summary
    if ctx.generic:
        return [para(sentence) for sentence in sentences]
    return [para(" ".join(sentences), number=ctx.numbers.next())]


def _dashboard(ctx: Context, section: SectionInfo) -> list:
    """Table 1: a row per dashboard section, then its workstreams, this period's RAG and the last's."""
    report = ctx.report
    if not report.sections:
        return _nil(ctx, section, NO_WORKSTREAMS)
    label, previous = report.period.label, report.previous_label
    if ctx.generic:
        caption = ctx.caption(f"{section.caption or 'Dashboard'}, {label}")
        headings = ("Ref", "Workstream", f"RAG {label}", f"RAG {previous}", report.trend_heading)
        widths = GENERIC_DASHBOARD_WIDTHS
    else:
        caption = ctx.caption(section.caption or "Dashboard")
        headings = ("Ref", section.caption or "Workstream", f"Current RAG {label}", f"Previous RAG {previous}",
                    report.trend_heading, f"Change since {previous}")
        widths = DASHBOARD_WIDTHS
    rows = []
    for block in report.sections:
        rows.append(Row((Cell(block.code, bold=True), Cell(block.name, bold=True)), section=True))
        for w in block.rows:
            cells = [Cell(w.ref), Cell(w.name), rag_cell(w.rag, w.period),
                     rag_cell(w.previous_rag, w.previous_period, bold=False), Cell(sparkline(w.trend))]
            rows.append(Row(tuple(cells if ctx.generic else [*cells, Cell(w.change or "")])))
    return [Table(headings, tuple(rows), widths, caption)]


def _workstreams(ctx: Context, section: SectionInfo) -> list:
    """Per dashboard section its sub-heading and narrative; per rated workstream its heading, its
    RAG and the change, the rationale, then its narrative."""
    out, level = [], min(section.level + 1, 4)
    narratives = ctx.extras.narratives
    for block in ctx.report.sections:
        rated = [w for w in block.rows if w.rag is not None]
        if not rated:
            continue
        out.append(Heading(level, f"{block.code} {block.name}"))
        out += text_blocks(ctx, narratives.sections.get(block.code, ""), level + 1)
        for w in rated:
            out.append(Heading(min(level + 1, 4), f"{w.ref} {w.name}"))
            change = [Run(f" · {w.change}")] if w.change else []
            out.append(Paragraph((Run(f"Overall RAG {rag_word(w.rag)}", True, w.rag), *change)))
            if ctx.generic:
                out.append(para(f"Lead: {w.lead or 'not named'}"))
            for line in (w.rationale or "No rationale recorded.").replace("\r\n", "\n").split("\n"):
                if line.strip():
                    out.append(para(line, number=ctx.numbers.next()))
            out += text_blocks(ctx, narratives.workstreams.get(w.ref, ""), level + 2)
            out += _milestones(ctx, w.ref)
    return out or _nil(ctx, section, NO_WORKSTREAMS)


def _milestones(ctx: Context, ref: str) -> list:
    """A workstream's milestones as a list: each with its dates and where it stands, in words."""
    rows = ctx.extras.milestones.get(ref, [])
    if not rows:
        return []
    today = ctx.report.as_at or ctx.report.written

    def line(m) -> str:
        dates = [f"planned {long_date(m.planned)}"] if m.planned else []
        dates += [f"revised {long_date(m.revised)}"] if m.revised else []
        state = f"done {long_date(m.done)}" if m.done else m.state(today)
        return f"{m.title}: " + ", ".join([*dates, state])

    return [para("Milestones:"), Items(tuple(line(m) for m in rows))]


def _grouped(ctx: Context, rows: list) -> list[tuple[str | None, list]]:
    """Records in ref order, in runs by portfolio, as the command's paper lays them out: a run of
    a child's records under the child's name (9.1 Serious Violence Unit, 9.2-9.3 Roads
    Policing...); a run of the portfolio's own records has no heading when it comes first."""
    runs: list[tuple[str | None, list]] = []
    for row in sorted(rows, key=lambda r: natural_key(r.ref)):
        if runs and runs[-1][0] == row.portfolio:
            runs[-1][1].append(row)
        else:
            runs.append((row.portfolio, [row]))
    return runs


def _records(ctx: Context, section: SectionInfo, rows: list, one) -> list:
    out = []
    for index, (code, group) in enumerate(_grouped(ctx, rows)):
        if code is not None or index > 0:
            name = ctx.extras.children.get(code, code) if code is not None else _own_name(ctx.report)
            out.append(Heading(min(section.level + 1, 4), name))
        for row in group:
            out += one(row)
    return out


def _own_name(report) -> str:
    """The portfolio's own name, as a heading over its own records after its children's."""
    return report.portfolio.rsplit(" (", 1)[0] if report.portfolio_code else report.portfolio


def _record_text(ctx: Context, text: str, level: int) -> list:
    """A risk's description or an action's detail: its first paragraph takes the record's number;
    bullets and any later paragraphs follow it, unnumbered."""
    out, numbered = [], False
    for block in text_blocks(ctx, text, level, numbered=False):
        if not numbered and isinstance(block, Paragraph):
            block = replace(block, number=ctx.numbers.next(), keep=True)
            numbered = True
        out.append(block)
    if not numbered:
        out.insert(0, para("", number=ctx.numbers.next(), keep=True))
    return out


def _risks(ctx: Context, section: SectionInfo) -> list:
    report = ctx.report
    if not report.risks:
        return _nil(ctx, section, NO_RISKS)
    if ctx.generic:
        return [Table(("Ref", "Risk", "Owner", "Score", "Target", "Actions"), tuple(
            Row(tuple(Cell(v) for v in (r.ref, r.title, r.owner or "", _num(r.score), _num(r.target_score),
                                        str(r.actions)))) for r in report.risks), RISK_WIDTHS)]

    def one(risk) -> list:
        facts = paper_facts(risk)  # register, scores, direction, board, controls, mitigation (db/risk_rules)
        text = ctx.extras.risk_text.get(risk.ref, "").strip() or risk.title
        return [*_record_text(ctx, text, section.level + 1), Facts(tuple(facts))]

    return _records(ctx, section, report.risks, one)


def _actions(ctx: Context, section: SectionInfo) -> list:
    report = ctx.report
    if not report.actions:
        return _nil(ctx, section, NO_ACTIONS)
    out = [para(report.overdue_line, style="note")] if report.overdue_line else []
    if ctx.generic:
        rows = []
        for a in report.actions:
            late = a.ref in report.overdue
            status = a.status.replace("_", " ") + (" – OVERDUE" if late else "")
            rows.append(Row((Cell(a.ref), Cell(a.title), Cell(a.owner or ""), Cell(str(a.due_date or "")),
                             Cell(status, fill=Rag.RED if late else None, bold=late))))
        return out + [Table(("Ref", "Action", "Owner", "Due", "Status"), tuple(rows), ACTION_WIDTHS)]

    under: dict[str, list] = {}
    for a in report.actions:
        if a.parent is not None:
            under.setdefault(a.parent, []).append(a)

    def one(action) -> list:
        facts = [f"{'Sub-action' if action.parent else 'Action'} {action.ref}"]
        facts += [f"owner {action.owner}"] if action.owner else []
        facts += [f"due {long_date(action.due_date)}"] if action.due_date else ["no due date"]
        facts += [action.status.replace("_", " ")]
        facts += [f"sub-actions: {action.sub_actions}"] if action.sub_actions else []
        facts += [f"expected outcome: {action.expected_outcome}"] if action.expected_outcome.strip() else []
        text = ctx.extras.action_text.get(action.ref, "").strip() or action.title
        alert = "OVERDUE" if action.ref in report.overdue else ""
        kids = sorted(under.get(action.ref, []), key=lambda a: natural_key(a.ref))
        return [*_record_text(ctx, text, section.level + 1), Facts(tuple(facts), alert)] + [
            block for kid in kids if kid.ref != action.ref for block in one(kid)]

    shown = {a.ref for a in report.actions}
    own = [a for a in report.actions if a.risk is None  # a risk's mitigations print with the risk
           and (a.parent is None or a.parent not in shown)]  # a sub-action prints under its parent
    if not own:
        return out + _nil(ctx, section, NO_ACTIONS)
    return out + _records(ctx, section, own, one)


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _commitments(ctx: Context, section: SectionInfo) -> list:
    """Each priority: its objective, then We will | Commentary | Who, as the quarterly update prints it."""
    report = ctx.report
    if not report.plan:
        return _nil(ctx, section, NO_COMMITMENTS)
    out = [] if ctx.generic else [para(f"Update for {report.plan_period}.")] if report.plan_period else []
    level = min(section.level + 1, 4)
    for block in report.plan:
        out.append(Heading(level, f"Priority {block.number} – {block.title}"))
        if block.objective:
            out.append(para(block.objective))
        rows = [Row(tuple(Cell(text, fill=Rag.NOT_GRADED if n == 1 and not row.updated else None)
                          for n, text in enumerate(commitment_cells(row)))) for row in block.rows]
        out.append(Table(tuple(COMMITMENT_HEADINGS), tuple(rows), COMMITMENT_WIDTHS))
    return out


def _measures(ctx: Context, section: SectionInfo) -> list:
    """Each area: its table, then its footnotes."""
    if not ctx.report.measures:
        return _nil(ctx, section, NO_MEASURES)
    out, level = [], min(section.level + 1, 4)
    for block in ctx.report.measures:
        out.append(Heading(level, block.area))
        shared = measure_table.shared_periods(block.rows)
        rows = [Row(tuple(Cell(c) for c in measure_table.cells(row, shared))) for row in block.rows]
        out.append(Table(measure_table.headings(block.rows), tuple(rows), measure_table.WIDTHS))
        out += [para(note, style="note") for note in block.footnotes]
    return out


def _consultation(ctx: Context, section: SectionInfo) -> list:
    """The people consulted as one paragraph, "Name (area), Name (area)", as the papers list them."""
    people = ctx.extras.consulted
    if not people:
        return _nil(ctx, section, NO_CONSULTATION)
    shown = ", ".join(f"{name} ({area})" if area else name for name, area in people)
    return [para(shown, number=ctx.numbers.next())]


def _links(ctx: Context, section: SectionInfo) -> list:
    """Links to the plan: each plan priority, then the paper's records linked to it."""
    if not ctx.extras.plan_links:
        return _nil(ctx, section, NO_LINKS)
    out, level = [], min(section.level + 1, 4)
    for heading, lines in ctx.extras.plan_links:
        out += [Heading(level, heading), Items(tuple(lines))]
    return out


KINDS = {
    SectionKind.SUMMARY: _summary, SectionKind.DASHBOARD: _dashboard, SectionKind.WORKSTREAMS: _workstreams,
    SectionKind.RISKS: _risks, SectionKind.ACTIONS: _actions, SectionKind.COMMITMENTS: _commitments,
    SectionKind.MEASURES: _measures, SectionKind.CONSULTATION: _consultation, SectionKind.LINKS: _links,
}

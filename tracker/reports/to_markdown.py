"""The report as Markdown (GitHub-flavoured tables). User text is escaped, never markup."""

from pathlib import Path

from tracker.db.words import word
from tracker.db import text as safe
from tracker.reports.model import (
    COMMITMENT_HEADINGS,
    MEASURE_HEADINGS,
    NO_ACTIONS,
    NO_RISKS,
    Report,
    commitment_cells,
    measure_cells,
)
from tracker.reports.style import cell_text, rag_word


def md(text) -> str:
    """User text on one line, made visible and escaped so that it can only ever be text
    (`tracker.db.text.markdown`)."""
    return safe.markdown("" if text is None else str(text))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(headings), _row(["---"] * len(headings)), *(_row(r) for r in rows), ""]


def render_markdown(report: Report) -> str:
    facts = [f"**{label}:** {md(value)}" for label, value in report.facts]
    out = [f"# {md(report.title)}", "", *(fact + "  " for fact in facts[:-1]), *facts[-1:], "",
           "## 1 Executive summary", ""]
    for sentence in report.summary:
        out += [md(sentence), ""]
    out += ["## 2 Dashboard", "", f"Table 1 – Dashboard, {md(report.period.label)}", ""]
    rows = []
    for block in report.sections:
        rows.append([f"**{md(block.code)}**", f"**{md(block.name)}**", "", ""])
        rows += [[md(r.ref), md(r.name), f"**{rag_word(r.rag)}**" if r.rag else md(rag_word(None, r.period)),
                  md(rag_word(r.previous_rag, r.previous_period))] for r in block.rows]
    out += _table(["Ref", "Workstream", f"RAG {md(report.period.label)}", f"RAG {md(report.previous_label)}"], rows)
    out += ["## 3 Workstreams", ""]
    for r in report.workstreams:
        out += [f"### {md(r.ref)} {md(r.name)}", "",
                f"**Overall RAG {rag_word(r.rag)}** · {md(r.change or '')}  ", f"Lead: {md(r.lead or 'not named')}", ""]
        for paragraph in cell_text(r.rationale or "No rationale recorded.").split("\n"):
            if paragraph.strip():
                out += [md(paragraph), ""]
    out += ["## 4 Risks", ""]
    if report.risks:
        out += _table(["Ref", "Risk", "Owner", "Score", "Target", "Actions"],
                      [[md(k.ref), md(k.title), md(k.owner), md(k.score), md(k.target_score), str(k.actions)]
                       for k in report.risks])
    else:
        out += [NO_RISKS, ""]
    out += ["## 5 Actions for improvement", ""]
    if report.actions:
        out += [report.overdue_line, ""] + _table(["Ref", "Action", "Owner", "Due", "Status"], [
            [md(a.ref), md(a.title), md(a.owner), md(a.due_date),
             md(word(a.status)) + (" **OVERDUE**" if a.ref in report.overdue else "")]
            for a in report.actions
        ])
    else:
        out += [NO_ACTIONS, ""]
    if report.plan:
        out += [f"## 6 Plan commitments: update for {md(report.plan_period)}", ""]
        for block in report.plan:
            out += [f"### Priority {block.number} – {md(block.title)}", ""]
            if block.objective:
                out += [md(block.objective), ""]
            out += _table(COMMITMENT_HEADINGS, [[_md_cell(c) for c in commitment_cells(r)] for r in block.rows])
    if report.measures:
        out += ["## 7 Performance measures", ""]
        for block in report.measures:
            out += [f"### {md(block.area)}", ""]
            out += _table(MEASURE_HEADINGS, [[md(c) for c in measure_cells(r)] for r in block.rows])
            out += [md(note) + "  " for note in block.footnotes] + ([""] if block.footnotes else [])
    return "\n".join(out)


def _md_cell(text: str) -> str:
    """A table cell may hold several paragraphs: joined with <br>, each escaped."""
    return "<br>".join(md(part) for part in text.split("\n"))


def write_markdown(report: Report, path: Path) -> None:
    path.write_text(render_markdown(report), encoding="utf-8")

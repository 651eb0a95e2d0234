"""The report as one self-contained HTML page: escaped text, real cell fills, prints cleanly."""

from html import escape
from pathlib import Path

from tracker.db.words import word
from tracker.db.enums import Rag
from tracker.reports.model import (
    COMMITMENT_HEADINGS,
    MEASURE_HEADINGS,
    NO_ACTIONS,
    NO_RISKS,
    Report,
    commitment_cells,
    measure_cells,
)
from tracker.db import text as safe
from tracker.reports.style import RAG_FILL, SECTION_FILL, cell_text, rag_word

CSS = f"""
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; }}
th, td {{ border: 1px solid #555; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }}
th {{ background: #D9E2F3; }}
tr.section td {{ background: #{SECTION_FILL}; font-weight: bold; }}
td.rag {{ font-weight: bold; white-space: nowrap; }}
{chr(10).join(f"td.rag-{rag.value} {{ background: #{fill}; }}" for rag, fill in RAG_FILL.items())}
td.overdue {{ background: #{RAG_FILL[Rag.RED]}; font-weight: bold; }}
@media print {{ * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def _e(text: str) -> str:
    return safe.html(str(text))


def _rag(rag: Rag | None, period: str | None = None) -> str:
    css = f"rag rag-{rag.value}" if rag else "rag"
    return f'<td class="{css}">{_e(rag_word(rag, period))}</td>'


def _table(headings: list[str], rows: list[str]) -> list[str]:
    head = "".join(f"<th>{_e(h)}</th>" for h in headings)
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def render_html(report: Report) -> str:
    out = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8" />',
           f"<title>{_e(report.title)}: {_e(report.period.label)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{_e(report.title)}</h1>"]
    for part in (_title_block, _summary, _dashboard, _workstreams, _risks, _actions, _plan, _measures):
        out += part(report)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _cells(values) -> str:
    return "".join(f"<td>{_e('' if v is None else v)}</td>" for v in values)


def _title_block(report: Report) -> list[str]:
    facts = report.facts
    return ['<table class="title-block">', "<tbody>", *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts),
            "</tbody>", "</table>"]


def _summary(report: Report) -> list[str]:
    return ["<h2>1 Executive summary</h2>", *(f"<p>{_e(s)}</p>" for s in report.summary)]


def _dashboard(report: Report) -> list[str]:
    out = ["<h2>2 Dashboard</h2>", f'<p class="caption">Table 1 – Dashboard, {_e(report.period.label)}</p>']
    rows = []
    for block in report.sections:
        rows.append(f'<tr class="section"><td colspan="4">{_e(block.code)} {_e(block.name)}</td></tr>')
        rows += [f"<tr><td>{_e(r.ref)}</td><td>{_e(r.name)}</td>"
                 f"{_rag(r.rag, r.period)}{_rag(r.previous_rag, r.previous_period)}</tr>"
                 for r in block.rows]
    return out + _table(["Ref", "Workstream", f"RAG {report.period.label}", f"RAG {report.previous_label}"], rows)


def _workstreams(report: Report) -> list[str]:
    out = ["<h2>3 Workstreams</h2>"]
    for r in report.workstreams:
        out += [f"<h3>{_e(r.ref)} {_e(r.name)}</h3>", "<table><tbody><tr>",
                f'<td class="rag rag-{r.rag.value}">Overall RAG {_e(rag_word(r.rag))}</td><td>{_e(r.change or "")}</td>',
                "</tr></tbody></table>", f"<p>Lead: {_e(r.lead or 'not named')}</p>"]
        text = cell_text(r.rationale or "No rationale recorded.")
        out += [f"<p>{escape(p, quote=True)}</p>" for p in text.split("\n") if p.strip()]
    return out


def _risks(report: Report) -> list[str]:
    if not report.risks:
        return ["<h2>4 Risks</h2>", f"<p>{_e(NO_RISKS)}</p>"]
    rows = [f"<tr>{_cells((k.ref, k.title, k.owner, k.score, k.target_score, k.actions))}</tr>" for k in report.risks]
    return ["<h2>4 Risks</h2>", *_table(["Ref", "Risk", "Owner", "Score", "Target", "Actions"], rows)]


def _actions(report: Report) -> list[str]:
    if not report.actions:
        return ["<h2>5 Actions for improvement</h2>", f"<p>{_e(NO_ACTIONS)}</p>"]
    rows = []
    for a in report.actions:
        overdue = a.ref in report.overdue
        status = word(a.status) + (" – OVERDUE" if overdue else "")
        attribute = ' class="overdue"' if overdue else ""
        rows.append(f"<tr>{_cells((a.ref, a.title, a.owner, a.due_date))}<td{attribute}>{_e(status)}</td></tr>")
    return ["<h2>5 Actions for improvement</h2>", f"<p>{_e(report.overdue_line)}</p>", *_table(["Ref", "Action", "Owner", "Due", "Status"], rows)]


def _plan(report: Report) -> list[str]:
    if not report.plan:
        return []
    out = [f"<h2>6 Plan commitments: update for {_e(report.plan_period)}</h2>"]
    for block in report.plan:
        out.append(f"<h3>Priority {block.number} – {_e(block.title)}</h3>")
        if block.objective:
            out.append(f"<p>{_e(block.objective)}</p>")
        out += _table(COMMITMENT_HEADINGS, [
            "<tr>" + "".join("<td>" + "<br />".join(_e(p) for p in cell.split("\n")) + "</td>"
                             for cell in commitment_cells(r)) + "</tr>"
            for r in block.rows
        ])
    return out


def _measures(report: Report) -> list[str]:
    if not report.measures:
        return []
    out = ["<h2>7 Performance measures</h2>"]
    for block in report.measures:
        out.append(f"<h3>{_e(block.area)}</h3>")
        out += _table(MEASURE_HEADINGS, [
            "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in measure_cells(r)) + "</tr>" for r in block.rows
        ])
        out += [f'<p class="footnote">{_e(note)}</p>' for note in block.footnotes]
    return out


def write_html(report: Report, path: Path) -> None:
    path.write_text(render_html(report), encoding="utf-8")

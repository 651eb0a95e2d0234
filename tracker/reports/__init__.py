"""Board reports: the paper as Word, HTML or Markdown, computed from live data.

`build_document` (tracker/reports/paper.py) makes the Document of a portfolio's paper for a period
(or tracker's generic report where none is kept); the renderers lay a Document out.
"""

from pathlib import Path

from tracker.reports.document import Document
from tracker.reports.model import Report, build_report

FORMATS = ("docx", "html", "md")


def build_document(session, **options):
    """The Document `tracker report` prints, and the Report it was computed from (paper.build_document)."""
    from tracker.reports.paper import build_document as build

    return build(session, **options)


def write_report(report: "Report | Document", fmt: str, path: Path, *, overwrite: bool = True) -> None:
    """Write `report` as `fmt` to `path` (python-docx is imported only for Word), atomically:
    a failure midway leaves whatever file was there as it was. A Report alone is written as
    tracker's generic report (no paper's narrative is at hand)."""
    from tracker.db.files import atomic_file

    if isinstance(report, Report):
        from tracker.reports.paper import compose

        report = compose(report)
    if fmt == "docx":
        from tracker.reports.to_docx import write_docx as writer
    elif fmt == "html":
        from tracker.reports.to_html import write_html as writer
    elif fmt == "md":
        from tracker.reports.to_markdown import write_markdown as writer
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    with atomic_file(path, overwrite=overwrite) as temp:
        writer(report, temp)


__all__ = ["FORMATS", "Document", "Report", "build_document", "build_report", "write_report"]

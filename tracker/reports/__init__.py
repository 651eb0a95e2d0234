"""Board reports: the scrutiny paper as Word, HTML or Markdown, computed from live data."""

from pathlib import Path

from tracker.reports.model import Report, build_report

FORMATS = ("docx", "html", "md")


def write_report(report: Report, fmt: str, path: Path) -> None:
    """Write `report` as `fmt` to `path` (python-docx is imported only for Word)."""
    if fmt == "docx":
        from tracker.reports.to_docx import write_docx

        write_docx(report, path)
    elif fmt == "html":
        from tracker.reports.to_html import write_html

        write_html(report, path)
    elif fmt == "md":
        from tracker.reports.to_markdown import write_markdown

        write_markdown(report, path)
    else:
        raise ValueError(f"unknown report format {fmt!r}")


__all__ = ["FORMATS", "Report", "build_report", "write_report"]

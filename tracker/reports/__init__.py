"""Board reports: the scrutiny paper as Word, HTML or Markdown, computed from live data."""

from pathlib import Path

from tracker.reports.model import Report, build_report

FORMATS = ("docx", "html", "md")


def write_report(report: Report, fmt: str, path: Path, *, overwrite: bool = True) -> None:
    """Write `report` as `fmt` to `path` (python-docx is imported only for Word), atomically:
    a failure midway leaves whatever file was there as it was."""
    from tracker.db.files import atomic_file

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


__all__ = ["FORMATS", "Report", "build_report", "write_report"]

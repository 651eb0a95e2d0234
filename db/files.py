"""Files that are never half-written: every file tracker writes goes through `atomic_file`.

The content is written to a temporary name in the destination's folder, flushed and synced,
then renamed over the real name (and the folder synced), so a full disk, an error or a kill
midway leaves either the old file or the new one, never part of one.
"""

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InvalidInput, TrackerError


class FileNotWritten(TrackerError):
    """The disk or the operating system refused the write (a full disk, say). Exit status 1.

    Whatever was under the name before is left as it was, and the message says so.
    """


def report_file_name(portfolio: str | None, period: str, fmt: str) -> str:
    """A board paper's default file name: "report-collab-2023.docx" (one per portfolio and period,
    so two portfolios' papers for one period do not take each other's name)."""
    stem = f"report-{portfolio}-{period}" if portfolio else f"report-{period}"
    return f"{stem}.{fmt}".replace("/", "-").replace(" ", "-")


def report_folder(configured: str | None = None) -> Path:
    """The folder a board paper is offered in: the configured one (config `report_dir`), else
    the platform's documents folder if there is one, else the home folder; never the current
    directory (under `make run`, a checkout)."""
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


@contextmanager
def atomic_file(path: Path | str, *, overwrite: bool = True, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; on success it becomes `path`.

    With `overwrite` false an existing `path` is refused (exit 2), and never replaced even if
    one appears meanwhile. `mode` is the new file's permissions (default: those of the file it
    replaces, else 0666 less the umask). On failure the temporary file is removed and
    `FileNotWritten` (or `InvalidInput`, for a missing folder or an existing file) is raised.
    """
    path = Path(path)
    _check_destination(path, overwrite=overwrite)
    existed = path.exists()
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _failure(path, exc, existed) from None
    os.close(fd)
    temp = Path(name)
    try:
        os.chmod(temp, mode if mode is not None else _mode_for(path))
        yield temp
        _sync(temp)
        _publish(temp, path, overwrite=overwrite)
        _sync_folder(path.parent)
    except OSError as exc:
        raise _failure(path, exc, existed) from None
    finally:
        try:
            temp.unlink()
        except FileNotFoundError:
            pass


def write_atomic(path: Path | str, data: str | bytes, *, overwrite: bool = True) -> Path:
    """Write `data` (text as UTF-8) to `path` through `atomic_file`; returns the path."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path, overwrite=overwrite) as temp:
        with open(temp, "wb") as out:
            out.write(content)
    return Path(path)


def _check_destination(path: Path, *, overwrite: bool) -> None:
    if path.is_dir():
        raise InvalidInput("is a folder, not a file", where=str(path))
    if not path.parent.is_dir():
        raise InvalidInput(f"the folder {path.parent} does not exist; nothing was written", where=str(path))
    if not overwrite and (path.exists() or path.is_symlink()):
        raise InvalidInput("exists already and --no-clobber was given; it was left as it was", where=str(path))


def _publish(temp: Path, path: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # fails, atomically, if `path` appeared meanwhile
    except FileExistsError:
        raise InvalidInput("exists already; it was left as it was", where=str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        if path.exists():  # a file system without hard links
            raise InvalidInput("exists already; it was left as it was", where=str(path)) from None
        os.rename(temp, path)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not every platform can open a folder; the rename itself is done
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _failure(path: Path, exc: OSError, existed: bool) -> FileNotWritten:
    reason = exc.strerror or str(exc)
    kept = "the file that was there is unchanged" if existed else "nothing was written"
    return FileNotWritten(f"{path}: could not be written ({reason}); {kept}")

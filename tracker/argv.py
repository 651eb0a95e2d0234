"""The command line before argparse sees it: text must be UTF-8, and values may begin with `-`.

argparse takes `--note -late` to be a missing value followed by an unknown option. Where an
option expects a value and the next word is not one of tracker's options, that word is its
value (`--note=-late`, which argparse reads as meant). `--` ends the options as usual, so a
positional value that begins with `-` goes after it: `tracker user add --role lead -- -Bob`.
"""

import argparse
import os
from collections.abc import Iterator, Sequence

from tracker.db.errors import InvalidInput

ENVIRONMENT = ("TRACKER_DB", "TRACKER_USER", "TRACKER_CONFIG")


def checked_argv(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`argv` checked for text that is not UTF-8, with values that begin with `-` attached to
    their option. Raises `InvalidInput` (exit 2) naming the argument that is not UTF-8."""
    argv = list(argv)
    valued, known = _options(parser)
    _check_utf8(argv, valued)
    joined: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            joined.extend(argv[index:])
            break
        following = argv[index + 1] if index + 1 < len(argv) else None
        if word in valued and following is not None and _is_value(following, known):
            joined.append(f"{word}={following}")
            index += 2
            continue
        joined.append(word)
        index += 1
    return joined


def _is_value(word: str, known: set[str]) -> bool:
    """A word argparse would take for an option, but which names none of tracker's."""
    return word.startswith("-") and word != "--" and word != "-" and word.split("=", 1)[0] not in known


def _check_utf8(argv: list[str], valued: set[str]) -> None:
    for index, word in enumerate(argv):
        if _is_utf8(word):
            continue
        shown = os.fsencode(word).decode("utf-8", "backslashreplace")
        if word.startswith("-") and "=" in word:
            where = word.split("=", 1)[0]
        elif index > 0 and argv[index - 1] in valued:
            where = argv[index - 1]
        else:
            where = f"argument {index + 1} ({shown})"
        raise InvalidInput("is not valid UTF-8 text; tracker stores text as UTF-8, so give it in UTF-8",
                           where=where)
    for name in ENVIRONMENT:
        if not _is_utf8(os.environ.get(name, "")):
            raise InvalidInput("is not valid UTF-8 text", where=f"environment variable {name}")


def _is_utf8(word: str) -> bool:
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates (surrogateescape)
        return False
    return True


def _options(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """(option strings that take one value, every option string) across all subcommands."""
    valued: set[str] = set()
    known: set[str] = set()
    for action in _actions(parser):
        known.update(action.option_strings)
        if action.option_strings and action.nargs is None and not isinstance(action, argparse._VersionAction):
            valued.update(action.option_strings)
    return valued, known


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)

"""Text safety: the one home of how stored text is made safe for each place it is shown.

Stored text is kept exactly as it was typed; these functions decide what a reader sees. Every
character that could act on a terminal, hide itself or make one name look like another is
shown as a marker such as ``⟨U+202E⟩``: C0 and C1 controls (but tab and newline where lines
are kept), bidirectional overrides, isolates and marks, zero-width and other invisible
characters, line and paragraph separators, tag characters, surrogates and Unicode
noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...), which XML 1.0 cannot hold either.

One function per target: `terminal` (and `terminal_line`), `word`, `html`, `markdown`; plus
`json_safe` for JSON, `restore` to read a marker typed back in a form, `label_problem`, the
check input validation uses to refuse invisible or look-alike labels, and `ref_problem`, that
and the one shape of a ref (`REF_SHAPE`). Plain str -> str: no Rich,
no Textual, so the CLI, the reports and the TUI all share it.
"""

import html as _html
import re
import unicodedata

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2028\u2029\u2060-\u2064\u206a-\u206f" \
             "\u3164\ufeff\uffa0\ufff9-\ufffb"
_NONCHAR = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_UNSAFE_BODY = f"\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_NONCHAR}\ud800-\udfff\U000e0000-\U000e007f"
_UNSAFE = re.compile(f"[{_UNSAFE_BODY}]")
"""What is always made visible, in text that keeps its tabs and newlines."""
_UNSAFE_LINE = re.compile(f"[\t\n{_UNSAFE_BODY}]")
"""The same, and tab and newline too: for a one-line field such as an Input."""
_MARKER = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩")
_ZWJ = "\u200d"


def marker(char: str) -> str:
    """ "⟨U+202E⟩": how one unsafe character is shown."""
    return f"⟨U+{ord(char):04X}⟩"


def is_unsafe(char: str) -> bool:
    """True when `char` is made visible wherever text is shown (tab and newline excepted)."""
    return bool(_UNSAFE.fullmatch(char))


def _emoji_join(text: str, at: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👮‍♀️) joins pictures; elsewhere it hides."""
    before = text[at - 1] if at else ""
    if before == "\ufe0f" and at > 1:
        before = text[at - 2]
    after = text[at + 1] if at + 1 < len(text) else ""
    return bool(before and after) and unicodedata.category(before) == "So" and unicodedata.category(after) == "So"


def _reveal(text: str, pattern: re.Pattern) -> str:
    def shown(match: re.Match) -> str:
        char = match.group()
        if char == _ZWJ and _emoji_join(text, match.start()):
            return char
        return marker(char)

    return pattern.sub(shown, text)


def terminal(text: str | None, *, lines: bool = True) -> str:
    """`text` safe to reach a terminal or a TUI widget: nothing in it can act or hide.

    With `lines` (the default) tabs and newlines stay; without, they are shown as markers too,
    for a one-line field that must show everything it holds.
    """
    return _reveal(text or "", _UNSAFE if lines else _UNSAFE_LINE)


def terminal_line(text: str | None) -> str:
    """`text` made safe and folded onto one line (runs of whitespace become one space)."""
    return terminal(" ".join((text or "").split()))


def restore(shown: str) -> str:
    """What a user typed in a field that showed markers: each marker of an unsafe character
    becomes that character again, so editing one word of a text keeps the rest as it was.

    `restore(terminal(t)) == t` for any `t` that holds no marker of its own.
    """

    def char(match: re.Match) -> str:
        point = int(match.group(1), 16)
        if point > 0x10FFFF:
            return match.group()
        c = chr(point)
        return c if c in "\t\n" or is_unsafe(c) else match.group()

    return _MARKER.sub(char, shown)


def word(text: str | None) -> str:
    """Text for a Word document: every character XML 1.0 cannot hold, and every hidden or
    acting one, shown as a marker; paragraphs (newlines) kept, Windows line ends as newlines."""
    return terminal((text or "").replace("\r\n", "\n"))


def word_line(text: str | None) -> str:
    """Word text on one line."""
    return terminal_line(text)


def html(text: str | None, *, lines: bool = False) -> str:
    """Text for HTML: made visible like `word`, then escaped (quotes too), so it is only text."""
    shown = word(text) if lines else terminal_line(text)
    return _html.escape(shown, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([#+=.)-])")


def markdown(text: str | None) -> str:
    """Text for Markdown, on one line: made visible, then escaped so that it can only ever be
    text. With brackets escaped no link or image can form, so parentheses stay as they are; a
    leading #, -, + or "1." would start a heading or a list, so it is escaped too."""
    escaped = _MD_SPECIAL.sub(r"\\\1", terminal_line(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), escaped)


_JSON_UNSAFE = re.compile(f"[{_UNSAFE_BODY}\u2028\u2029]")


def json_safe(encoded: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with each unsafe character written as
    a \\u escape: it still decodes to the exact text, and nothing in it acts on a terminal."""

    def escaped(match: re.Match) -> str:
        point = ord(match.group())
        if point > 0xFFFF:
            point -= 0x10000
            return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"
        return f"\\u{point:04x}"

    return _JSON_UNSAFE.sub(escaped, encoded)


def toml_safe(encoded: str) -> str:
    """TOML text (from tomli_w, whose strings are all basic strings, where escapes work) with each
    unsafe character written as \\uXXXX or \\UXXXXXXXX: it reads back as the exact text."""

    def escaped(match: re.Match) -> str:
        point = ord(match.group())
        return f"\\U{point:08x}" if point > 0xFFFF else f"\\u{point:04x}"

    return _JSON_UNSAFE.sub(escaped, encoded)


REF_SHAPE = ("a ref begins with a letter (A-Z, a-z) or digit, followed by letters, digits, '.', '/', '_' or '-' "
             "(no spaces; e.g. 5.4.3, 9.3/1, ECFRS.1, R-12)")
"""The shape of every ref (workstream, section, action, risk, commitment, measure), said once."""
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9./_-]*")


def label_problem(value: str) -> str | None:
    """Why `value` cannot be a label, such as a period's (it would look like another, or like
    nothing), or None.

    Refused: leading or trailing whitespace, and any control, bidirectional, zero-width or
    other invisible character, or noncharacter, anywhere in it.
    """
    if value != value.strip():
        return "must not start or end with a space (it would look like the same ref without one)"
    for char in value:
        if char in "\t\n" or is_unsafe(char):
            return (f"must not contain the invisible or control character {marker(char)} "
                    f"({unicodedata.name(char, 'unnamed').lower()}): it would look like another ref")
    return None


def ref_problem(value: str) -> str | None:
    """Why `value` cannot be a ref, or None: what `label_problem` refuses, and anything not of
    `REF_SHAPE` (a leading '-' would read as an option on the command line, a space splits it)."""
    if problem := label_problem(value):
        return problem
    if _REF.fullmatch(value):
        return None
    if not value:
        return "must not be empty"
    if value.startswith("-"):
        return f"must not begin with '-' (it would read as a command-line option): {REF_SHAPE}"
    if not _REF.fullmatch(value[0]):
        return f"must not begin with {value[0]!r}: {REF_SHAPE}"
    bad = next(c for c in value if not _REF.fullmatch("0" + c))
    return f"must not contain {'a space' if bad.isspace() else repr(bad)}: {REF_SHAPE}"

"""Colours from the app's theme, so `ctrl+p` themes (light ones too) recolour the screens.

RAG, heat-map bands, better/worse and overdue marks take their colour from theme variables
($success, $warning, $error, $text-muted) when the text is built, and every screen builds it
again when the theme changes. The symbol or word beside each colour never depends on it.
"""

from rich.style import Style
from rich.text import Text
from textual._context import active_app
from textual.color import Color, ColorParseError
from tracker.db.enums import Rag
from tracker.db.trends import NOT_RATED_MARK
from tracker.screens.render import RAG_SYMBOL

RAG_VARIABLE = {Rag.GREEN: "success", Rag.AMBER: "warning", Rag.RED: "error", Rag.NOT_GRADED: "foreground-muted",
                Rag.UNKNOWN: "foreground-muted"}
"""The theme variable each RAG is coloured by."""

GOOD, BAD, MUTED = "success", "error", "foreground-muted"
"""Variables for better / on time, worse / late, and what is not there."""

_PLAIN = {"success": "#008000", "warning": "#FFFF00", "error": "#FF0000", "foreground-muted": "#808080",
          "background": "#000000"}
"""Colours when no app is running (a screen's text built outside one, as in a unit test)."""


def theme_color(variable: str) -> Color:
    """The running app's colour for theme `variable` (e.g. "success")."""
    app = active_app.get(None)
    variables = app.theme_variables if app is not None else {}
    try:
        color = Color.parse(variables.get(variable) or _PLAIN[variable])
        if color.a < 1:  # a muted colour: as it shows on the theme's background
            color = Color.parse(variables.get("background") or _PLAIN["background"]) + color
    except ColorParseError:
        color = Color.parse(_PLAIN[variable])
    return color


def themed(variable: str, *, bold: bool = False) -> Style:
    """Text coloured by theme `variable`."""
    return Style(color=theme_color(variable).rich_color, bold=bold)


def on_themed(variable: str) -> Style:
    """A background of theme `variable` with text that reads on it."""
    background = theme_color(variable)
    return Style(bgcolor=background.rich_color, color=background.get_contrast_text(1.0).rich_color)


def rag_style(rag: Rag) -> Style:
    return themed(RAG_VARIABLE[rag], bold=rag.rank is not None)


def trend_text(trend) -> Text:
    """A RAG trend (oldest first) as its symbols, each in its RAG's colour: "● ▲ ■ ●", "·" where
    there was no RAG (db/trends.py); the shapes carry it without colour."""
    text = Text()
    for i, rag in enumerate(trend):
        if i:
            text.append(" ")
        if rag is None:
            text.append(NOT_RATED_MARK, style=themed(MUTED))
        else:
            text.append(RAG_SYMBOL[rag], style=rag_style(rag))
    return text


RAG_SHORT = {Rag.NOT_GRADED: "N/G", Rag.UNKNOWN: "N/K"}
"""What a RAG's word shortens to beside its symbol where the word cannot fit ("○ N/G")."""


def rag_text(rag: Rag | str | None, fit: int | None = None) -> Text:
    """A RAG as its symbol and word in the theme's colour, e.g. "● Green"; a dash when there is
    none. Within `fit` characters a word too long for them is shortened ("○ N/G"), never cut."""
    if rag is None:
        return Text("—", style=themed(MUTED))
    rag = Rag(rag)
    words = f"{RAG_SYMBOL[rag]} {rag.label}"
    if fit is not None and len(words) > fit and rag in RAG_SHORT:
        words = f"{RAG_SYMBOL[rag]} {RAG_SHORT[rag]}"
    return Text(words, style=rag_style(rag))

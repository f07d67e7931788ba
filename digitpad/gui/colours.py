"""The app's few fixed colours; everything else comes from the palette (light or dark)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

PAPER = QColor("#ffffff")  # the sheet is paper in both schemes, as the network sees it
INK = QColor("#1d1f24")
BOX = QColor("#2f6fde")  # the frames around the digits of a number, on the paper
HALO = QColor(255, 255, 255, 150)  # under those frames on a picture: it may be dark there
HINT_TEXT = QColor("#6b7280")  # on the paper: 4.8:1 against white
ERROR_LIGHT, ERROR_DARK = QColor("#b3261e"), QColor("#ff8a80")
UNSURE_LIGHT, UNSURE_DARK = QColor("#9a5b00"), QColor("#ffb74d")


def is_dark(widget: QWidget) -> bool:
    """Whether the widget's palette is a dark one (light text on a dark window)."""
    palette = widget.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def muted(widget: QWidget) -> QColor:
    """Secondary text: captions, messages, the runners-up; readable in both schemes."""
    # Two thirds of the way from the window towards the text keeps WCAG AA contrast.
    return _towards_text(widget, 0.72)


def track(widget: QWidget) -> QColor:
    """The empty part of a bar: a faint shade of the text on the window, in both schemes."""
    return _towards_text(widget, 0.15)


def active(widget: QWidget, role: QPalette.ColorRole) -> QColor:
    """The widget's palette colour for role as an active window shows it: one taken from an
    inactive window would stay dim (GTK greys its text) once the window is active, and the
    app draws its readings alike in both."""
    return widget.palette().color(QPalette.ColorGroup.Active, role)


def _towards_text(widget: QWidget, share: float) -> QColor:
    """The window's colour moved share of the way towards the text's (active colours)."""
    text = active(widget, QPalette.ColorRole.WindowText)
    window = active(widget, QPalette.ColorRole.Window)
    return QColor(
        *(round(w + (t - w) * share) for t, w in zip(text.getRgb()[:3], window.getRgb()[:3]))
    )


def distinct(colour: QColor, background: QColor, ratio: float = 3.0) -> QColor:
    """colour, lightened on a dark background or darkened on a light one until it stands out
    from it by ratio: WCAG 2.1's contrast for graphics (success criterion 1.4.11)."""
    lighter = background.lightnessF() < 0.5
    hue, saturation, lightness, alpha = colour.getHslF()
    while contrast(colour, background) < ratio and 0.0 < lightness < 1.0:
        lightness = min(1.0, lightness + 0.02) if lighter else max(0.0, lightness - 0.02)
        colour = QColor.fromHslF(max(hue, 0.0), saturation, lightness, alpha)
    return colour


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1's contrast ratio of two colours, 1 to 21."""

    def luminance(colour: QColor) -> float:
        channels = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (colour.redF(), colour.greenF(), colour.blueF())
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def error(widget: QWidget) -> QColor:
    return ERROR_DARK if is_dark(widget) else ERROR_LIGHT


def unsure(widget: QWidget) -> QColor:
    return UNSURE_DARK if is_dark(widget) else UNSURE_LIGHT


def dark_palette() -> QPalette:
    """A dark palette for styles and platforms that have none of their own (Fusion on X11)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in {
        roles.Window: "#202124",
        roles.WindowText: "#e8eaed",
        roles.Base: "#17181a",
        roles.AlternateBase: "#2a2b2e",
        roles.Text: "#e8eaed",
        roles.Button: "#303134",
        roles.ButtonText: "#e8eaed",
        roles.BrightText: "#ffffff",
        roles.Highlight: "#8ab4f8",
        roles.HighlightedText: "#202124",
        roles.ToolTipBase: "#303134",
        roles.ToolTipText: "#e8eaed",
        roles.PlaceholderText: "#9aa0a6",
        roles.Link: "#8ab4f8",
        roles.Light: "#5f6368",
        roles.Midlight: "#4a4c50",
        roles.Mid: "#5f6368",
        roles.Dark: "#151617",
        roles.Shadow: "#000000",
    }.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868b"))
    return palette


def follow_color_scheme(app: QApplication) -> None:
    """Use the dark palette while the system's scheme is dark, now and whenever it changes."""
    app.styleHints().colorSchemeChanged.connect(lambda scheme: apply_color_scheme(app, scheme))
    apply_color_scheme(app, app.styleHints().colorScheme())


def apply_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Dark palette for a dark scheme where the platform's own palette is light, else its own.

    Platforms that already give a dark palette (Windows, macOS, GNOME) are left alone.
    """
    dark_now = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if scheme == Qt.ColorScheme.Dark and not dark_now:
        app.setStyle("Fusion")  # draws every control from the palette
        app.setPalette(dark_palette())
    elif scheme != Qt.ColorScheme.Dark and dark_now:
        app.setPalette(app.style().standardPalette())

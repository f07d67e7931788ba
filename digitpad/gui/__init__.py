"""The desktop app: window, canvas, chart and preview, and live recognition (PySide6)."""

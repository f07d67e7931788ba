"""digitpad: draw a digit and see what a convolutional network reads."""

__version__ = "1.0.0"

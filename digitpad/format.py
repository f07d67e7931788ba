"""How probabilities are written for people, the same in the window and on the command line."""


def percent(p: float) -> str:
    if p >= 0.9995:
        return "100%"
    if p < 0.001:
        return "<0.1%"
    return f"{p:.1%}"

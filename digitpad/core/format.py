"""How figures are written for people: the same in the window, the text and the JSON."""


def percent(p: float) -> str:
    """A probability (0-1) as a percentage with one decimal: '99.6%', '100%', '<0.1%'."""
    if p >= 0.9995:
        return "100%"
    if p < 0.0005:
        return "<0.1%"
    return f"{p:.1%}"


def count(n: int, noun: str) -> str:
    """n and the noun, plural unless n is 1: '1 sample', '3 samples'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def sentence(clause: str) -> str:
    """A clause as the command line words it ('imported 3 samples') as a sentence of its own:
    'Imported 3 samples.'"""
    return f"{clause[0].upper()}{clause[1:]}."


def article(digit: int) -> str:
    """The indefinite article before a digit said aloud: 'an' before 8 (eight), else 'a'."""
    return "an" if digit == 8 else "a"

"""The one exception type that carries a message meant for the user."""


class InputError(Exception):
    """A file or drawing that cannot be used; str(error) is one sentence for the user."""

"""The exception types that carry a message meant for the user."""


class InputError(Exception):
    """A file or drawing that cannot be used; str(error) is one sentence for the user."""


class ModelError(InputError):
    """The model is missing, corrupt or does not match this version of the app."""

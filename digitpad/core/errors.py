"""The exception types that carry a message meant for the user."""

from __future__ import annotations

import os
from pathlib import Path


class InputError(Exception):
    """A file or drawing that cannot be used; str(error) is one sentence for the user."""


class ModelError(InputError):
    """The model is missing, corrupt or does not match this version of the app."""


# The usual reasons a file cannot be opened, and how the user is told.
FILE_ERRORS: dict[type[OSError], str] = {
    FileNotFoundError: "the file does not exist",
    IsADirectoryError: "that is a folder, not a file",
    PermissionError: "permission denied",
}
NO_NEW_FILES = "that folder takes no new files"


def file_error(error: OSError) -> InputError:
    """The InputError for a file that is missing, a folder, or not readable (FILE_ERRORS)."""
    for kind, sentence in FILE_ERRORS.items():
        if isinstance(error, kind):
            return InputError(sentence)
    return InputError(f"cannot read the file: {reason(error)}")


def reason(error: Exception) -> str:
    """An error in words for the user, to follow a colon: an OSError's reason without its
    number and path, lower case as FILE_ERRORS ("permission denied")."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]
    return str(error)


def write_reason(error: Exception, folder: str | os.PathLike) -> str:
    """reason() for an error met making a file in folder, which names the folder where it is
    what is wrong: a file, or missing (a typed name); a folder that is there yet answers "no
    such file" (/proc, /sys) takes no new files (NO_NEW_FILES)."""
    folder = Path(folder)
    try:
        is_file, is_dir = folder.is_file(), folder.is_dir()
    except OSError:  # a name too long to look up: the error says so
        return reason(error)
    if is_file:
        return f"{folder.name} is a file, not a folder"
    if not is_dir:
        return "its folder does not exist"
    if isinstance(error, FileNotFoundError):
        return NO_NEW_FILES
    return reason(error)

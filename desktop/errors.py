"""Errors a person can cause or meet, with messages fit to show them.

Anything raised that is not a ``UserFacingError`` is a bug: the app logs it and shows a
"copy details" dialog instead of a traceback.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error with a message a person can read and act on."""


class ContentDBError(UserFacingError):
    """The content database is missing, corrupt or of the wrong schema version."""


class UserDBError(UserFacingError):
    """The user's database cannot be opened or written."""


class NotFoundError(UserFacingError):
    """A record asked for by kind and id does not exist."""


class DiskFullError(UserDBError):
    """Saving failed because the disk is full."""

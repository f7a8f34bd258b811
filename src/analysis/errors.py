"""Errors a user can cause: the command line prints them as one line, without a traceback."""


class UserError(Exception):
    """A bad file, table or parameter; the message names what is wrong and where."""

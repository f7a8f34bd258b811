"""Errors a user can cause: the command line prints them as one line, without a traceback."""


class UserError(Exception):
    """A bad file, table or parameter; the message names what is wrong and where."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a batch; the message says what was finished and what was kept.

    A KeyboardInterrupt, so that code which does not know it still stops as on Ctrl-C.
    """

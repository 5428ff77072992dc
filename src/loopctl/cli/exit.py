"""The command line's exit codes and the one error type that means "usage error"."""

from __future__ import annotations

EXIT_OK = 0
"""Success: the input was read and has no problems."""
EXIT_PROBLEMS = 1
"""The input has problems: errors, or warnings with ``--strict``."""
EXIT_USAGE = 2
"""A usage error or unreadable input."""


class UsageError(Exception):
    """A problem with the command line or an unreadable input: exit code 2."""

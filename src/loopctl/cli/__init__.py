"""The ``loopctl`` command line: the outermost layer, which nothing in the engine imports.

``main`` parses arguments and dispatches to one handler per subcommand; each
handler calls the engine and returns an exit code (``loopctl.cli.exit``).
"""

from loopctl.cli.main import build_parser, main

__all__ = ["build_parser", "main"]

"""``loopctl completion SHELL``: a completion script for bash, zsh or fish, generated from the parser."""

from __future__ import annotations

import argparse
import sys

import shtab

from loopctl.cli.exit import EXIT_OK

SHELLS = ("bash", "zsh", "fish")

INSTALL = {
    "bash": "loopctl completion bash > ~/.local/share/bash-completion/completions/loopctl",
    "zsh": "loopctl completion zsh > \"${fpath[1]}/_loopctl\"",
    "fish": "loopctl completion fish > ~/.config/fish/completions/loopctl.fish",
}


def add_command(sub: argparse._SubParsersAction, parser: argparse.ArgumentParser) -> None:
    """Register ``completion`` on the subparsers; ``parser`` is the whole command line it describes."""
    examples = "\n".join(f"  {line}" for line in INSTALL.values())
    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh or fish)",
                       description="Print a completion script for SHELL, generated from loopctl's own parser.",
                       epilog=f"examples:\n{examples}", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(handler=lambda args: _print_completion(parser, args.shell))


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """Return the completion script of ``parser`` for ``shell`` (one of ``SHELLS``)."""
    return shtab.complete(parser, shell=shell)


def _print_completion(parser: argparse.ArgumentParser, shell: str) -> int:
    sys.stdout.write(completion_script(parser, shell))
    return EXIT_OK

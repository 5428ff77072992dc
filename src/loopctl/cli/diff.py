"""``loopctl diff OLD NEW``: what changed between two versions of a spec, read from files or git revisions."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from loopctl.cli.arguments import add_input_options, usable
from loopctl.cli.console import emit
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, UsageError
from loopctl.escape import terminal_text
from loopctl.inputs import InputRefused, read_input
from loopctl.loader import LoadLimits
from loopctl.validate import SpecStore

EXAMPLES = """examples:
  loopctl diff old.yaml new.yaml
  loopctl diff main:loop-library/coding-agent.yaml loop-library/coding-agent.yaml
  loopctl diff HEAD~1:spec.yaml spec.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"
  loopctl diff old.yaml new.yaml --format json --fail-on breaking"""


def add_command(sub) -> None:
    """Register ``diff`` on an argparse subparsers object."""
    p = sub.add_parser("diff", help="what changed between two versions of a spec, breaking or compatible",
                       description="Compare two versions of a spec part by part (workers, evaluators, channels, "
                                   "metrics, termination, caps, safety constraints) and classify each change as "
                                   "breaking or compatible. A version is a file, or REV:PATH read with git show "
                                   "from the repository of the working folder.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", metavar="OLD", help="the earlier version: a spec file or REV:PATH (e.g. main:spec.yaml)")
    p.add_argument("new", metavar="NEW", help="the later version: a spec file or REV:PATH")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="text (default), json for tools, markdown for a pull request comment")
    p.add_argument("--fail-on", choices=("breaking",), default=None,
                   help="exit 1 when there is a breaking change")
    add_input_options(p)
    p.set_defaults(handler=cmd_diff)


def read_version(name: str, max_bytes: int) -> tuple[str, Path]:
    """Return the text of a version and the path it stands for: a file, else ``REV:PATH`` from git.

    A file that does not exist and is no readable git revision is a usage error (exit 2).
    """
    path = Path(name)
    if path.exists() or ":" not in name:
        try:
            read, problem = read_input(name, max_bytes)
        except InputRefused as error:
            raise UsageError(str(error)) from None
        if read is None:
            assert problem is not None  # read_input returns a diagnostic whenever it returns no input
            raise UsageError(f"cannot read {name}: {problem.message}")
        return read.text, path
    revision, _, inside = name.partition(":")
    try:
        shown = subprocess.run(["git", "show", f"{revision}:{inside}"], capture_output=True, check=False,
                               timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"cannot run git to read {name}: {error}") from None
    if shown.returncode != 0:
        why = shown.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise UsageError(f"no such revision or file in git: {name}" + (f" ({why[-1]})" if why else ""))
    if len(shown.stdout) > max_bytes:
        raise UsageError(f"{name} is over the limit of {max_bytes:,} bytes")
    # The old version is validated as if it stood where the file stands now, so its refs resolve there.
    return shown.stdout.decode("utf-8", errors="replace"), Path(inside)


def cmd_diff(args) -> int:
    """Print the changes between two versions; exit 1 when a version has errors or, with --fail-on, a break."""
    from loopctl import level
    from loopctl.diff import diff_specs
    from loopctl.render import diff_report
    store = SpecStore(LoadLimits(max_bytes=args.max_bytes), root=args.root)
    loaded = []
    for name in (args.old, args.new):
        text, path = read_version(name, args.max_bytes)
        result = store.validate_text(text, path, name)
        if not usable(result):
            return EXIT_PROBLEMS
        assert result.document is not None
        loaded.append(result.document)
    old, new = loaded
    diff = diff_specs(old.data, new.data, level.child_loader(store, old), level.child_loader(store, new))
    render = {"text": diff_report.format_text, "json": diff_report.format_json,
              "markdown": diff_report.format_markdown}[args.format]
    shown = render(diff, terminal_text(args.old), terminal_text(args.new))
    emit(shown)
    return EXIT_PROBLEMS if args.fail_on == "breaking" and diff.breaking else EXIT_OK

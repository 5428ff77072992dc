"""Pattern slugs: every slug in ``metadata.patterns`` names a pattern of the catalog.

The schema accepts any kebab-case slug, so adding a pattern never needs a
schema edit. This rule checks the slugs against the catalog instead: the
standard's fourteen stable slugs, plus every pattern spec (``<slug>.yaml``)
in the ``patterns/`` folder of the repository the spec belongs to. That
folder is found from the spec's own location (the nearest folder, upwards,
that holds a ``patterns/`` folder, or the ``patterns/`` folder the spec is
in), and in ``--root`` when one is given.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from loopctl.model import as_list
from loopctl.rules import WARNING, Finding, declared, rule

STANDARD_SLUGS = (
    "reflection-loop", "critique-loop", "planning-loop", "verification-loop", "research-loop",
    "simulation-loop", "debate-loop", "exploration-loop", "optimization-loop", "memory-augmented-loop",
    "human-in-the-loop", "safety-constrained-loop", "multi-agent-coordination", "recursive-improvement-loop",
)
PATTERN_FOLDER = "patterns"
_SUFFIXES = (".yaml", ".yml", ".json")


def catalog_slugs(spec_path: Path, root: Path | None = None) -> set[str]:
    """Return the pattern slugs known to a spec at ``spec_path``: the standard's and its repository's."""
    slugs = set(STANDARD_SLUGS)
    folders = [root / PATTERN_FOLDER] if root is not None else []
    for parent in Path(spec_path).resolve().parents:
        if parent.name == PATTERN_FOLDER:
            folders.append(parent)
            break
        if (parent / PATTERN_FOLDER).is_dir():
            folders.append(parent / PATTERN_FOLDER)
            break
    for folder in folders:
        if folder.is_dir():
            slugs.update(p.stem for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())
    return slugs


@rule("lss.pattern-slug", WARNING,
      "Every slug in metadata.patterns names a pattern of the catalog: a standard slug or a spec in patterns/.",
      "Pattern slugs are stable ids that pages and catalogs link by; a misspelt or unpublished slug links "
      "nowhere. New patterns join the catalog by adding patterns/<slug>.yaml, with no schema edit.",
      "metadata: {patterns: [reflexion-loop]}")
def pattern_slugs(ctx):
    known = None
    for index, slug in enumerate(as_list(ctx.spec.metadata.get("patterns"))):
        if not isinstance(slug, str):
            continue
        if known is None:
            known = catalog_slugs(ctx.path, ctx.store.root)
        if slug not in known:
            close = difflib.get_close_matches(slug, sorted(known), n=1)
            hint = (f"did you mean {close[0]}? " if close else "") + \
                f"add patterns/{slug}.yaml and its page to create the pattern"
            yield Finding(f"/metadata/patterns/{index}", f"'{slug}' is not a pattern of the catalog", hint)


RULES = declared(pattern_slugs)

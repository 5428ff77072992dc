"""Lean specs: smaller forms of LSS specs that lose nothing, or lose only what a budget forces.

The LSS-min codec itself (``minify``, ``expand``) is ``loopctl.lssmin``. The map of
this package, one concern per module:

- ``combine``: several specs -> one LSS 1.1 composition (``compose``) or one flat spec (``flatten``),
  with unique ids (``rename``) and merged termination and cost caps (``caps``).
- ``dump``: write spec data as YAML, and validate it as if it were saved at a given place.
- ``budget``: the most faithful form of a spec within a token budget; ``drops``: what may go, in order.
- ``tokens``: offline BPE token counts and the standard's authors' characters / 4 estimate;
  ``count``: the same for files.

The pages about lean specs are rendered by ``loopctl.render.lean_figures`` and
``loopctl.render.lean_pages``; the subcommands live in ``loopctl.cli.lean``.
"""

"""Observed benchmark results: check them, recompute their LES, rank them, publish them.

A results file (the LoopBench leaderboard format 0.2.0) is loaded by the same
positioned loader as specs (``loopctl.loader``), checked against our JSON
Schema and the ``results.*`` rules (``schema``, ``rules``, ``check``), read
into a small model (``model``), rescored with the benchmark's own simplified
rules (``formulas``) and ranked (``rank``). The command line is
``loopctl.cli.results``; the generated leaderboard pages are listed by
``loopctl.site.results`` and rendered by ``loopctl.render.leaderboard``.

Importing this package adds the ``results.*`` rules to the shared registry,
with the one call below: the registry's layer cannot import this one.
"""

from loopctl.results import rules as rules
from loopctl.rules.registry import register_all

register_all(rules.RULES)

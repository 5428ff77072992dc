"""Observed benchmark results: check them, recompute their LES, rank them, publish them.

A results file (the LoopBench leaderboard format 0.2.0) is loaded by the same
positioned loader as specs (``loopctl.loader``), checked against our JSON
Schema and the ``results.*`` rules (``schema``, ``rules``, ``check``), read
into a small model (``model``), rescored with the benchmark's own simplified
rules (``formulas``) and ranked (``rank``). ``commands`` adds ``loopctl
results check|rank``; ``site`` lists the generated leaderboard pages.
"""

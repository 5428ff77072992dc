"""The site half of the engine: one in-memory model of every spec per build, and what to publish where.

Nothing here imports MkDocs; ``hooks/`` adapts these functions to MkDocs events.
"""

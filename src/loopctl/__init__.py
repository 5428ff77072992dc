"""loopctl: load, validate, score, classify and draw LSS loop specifications.

The package is organised as one direction of data: ``loader`` turns files into
positioned documents, ``validate`` turns documents into diagnostics, ``score``,
``level`` and ``graph`` analyse valid specs, and ``render`` turns the results
into Markdown, Mermaid and SVG strings. Nothing here imports MkDocs.
"""

__version__ = "0.1.0"

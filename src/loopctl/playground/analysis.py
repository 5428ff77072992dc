"""What the playground's Web Worker calls: one spec file in, every result the page shows out, as JSON.

The browser writes the reader's text into Pyodide's virtual file system and
calls ``analyse_json``; the same ``SpecStore`` the CLI uses then loads and
validates the file (composition children are read from the copies preloaded
beside it), so diagnostics are the CLI's by construction. Level, scorecard,
diagram and LSS-min are computed, as the CLI's commands do, only when the
spec has no error. Nothing here imports ``tiktoken``: the token figure is the
characters / 4 estimate, which is all the browser can have.
"""

from __future__ import annotations

import json
from pathlib import Path

from loopctl import level, score
from loopctl.lean import tokens
from loopctl.loader import LoadLimits
from loopctl.lssmin.minify import MinifyError, minify_text
from loopctl.render import mermaid
from loopctl.validate import SpecStore


def analyse(path: str, root: str | None = None, display_base: str | None = None) -> dict:
    """Validate the spec at ``path`` and, when it has no error, classify, score, draw and minify it.

    Returns ``{"diagnostics": [...], "errors", "warnings", "level", "score", "diagram", "minified"}``;
    the last four are None when the spec has errors. ``root`` and ``display_base`` mean what
    ``--root`` and the working directory mean to ``loopctl validate``.
    """
    store = SpecStore(LoadLimits(), root=root, display_base=display_base or str(Path(path).parent))
    result = store.validate(path)
    out = {
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "level": None, "score": None, "diagram": None, "minified": None,
    }
    if result.errors or result.document is None:
        return out
    document = result.document
    out["level"] = level.classify(document.data, level.child_loader(store, document)).as_dict()
    out["score"] = score.estimate(document.data).as_dict()
    out["diagram"] = mermaid.diagram(document.data, mermaid.child_loader(store, document))
    out["minified"] = _minified(document.data, document.text)
    return out


def _minified(data: dict, source: str) -> dict:
    try:
        text = minify_text(data)
    except MinifyError as error:
        return {"text": None, "problem": str(error), "tokens_estimate": None,
                "source_estimate": tokens.estimate(source)}
    return {"text": text, "problem": None, "tokens_estimate": tokens.estimate(text),
            "source_estimate": tokens.estimate(source)}


def analyse_json(path: str, root: str | None = None, display_base: str | None = None) -> str:
    """``analyse`` as JSON text: what crosses from Python to the worker's JavaScript."""
    return json.dumps(analyse(path, root, display_base))


def analyse_batch_json(paths: list[str], root: str | None = None, display_base: str | None = None) -> str:
    """The diagnostics of several files as JSON ``{path: [diagnostic, ...]}``, for the parity check."""
    return json.dumps({p: analyse(p, root, display_base)["diagnostics"] for p in paths})

"""Check results files: load with the positioned loader, then the schema, then the ``results.*`` rules."""

from __future__ import annotations

import os
from pathlib import Path

from loopctl.diagnostics import Diagnostic, sort_key
from loopctl.loader import Document, LoadLimits, load_file
from loopctl.results.model import ResultsFile, read_results
from loopctl.results.schema import check_results_schema
from loopctl.results.tasks import tasks


def check_document(document: Document, root: Path | None = None) -> tuple[ResultsFile | None, list[Diagnostic]]:
    """Return the model (None unless the schema passed) and every diagnostic of a loaded results file."""
    from loopctl.results import rules  # its package registers them
    from loopctl.rules.registry import checks

    structural = check_results_schema(document)
    model = read_results(document.path, document.data) if not structural else None
    context = rules.ResultsContext(document, tasks(), model, root)
    semantic: list[Diagnostic] = []
    for registered in checks(rules.SCOPE):
        check = registered.check
        if check is None:  # ``checks`` yields only rules with a check; this tells the type checker so
            continue
        for finding in check(context):
            line, column = document.locate(finding.pointer, key=finding.on_key)
            semantic.append(Diagnostic(document.path, line, column, finding.severity or registered.severity,
                                       registered.id, finding.message, finding.hint, finding.pointer))
    # A value that a rule named precisely (a NaN cost, say) is not reported a second time as a type error.
    named = {d.pointer for d in semantic}
    diagnostics = [d for d in structural if d.pointer not in named] + semantic
    if model is not None and any(d.is_error for d in diagnostics):
        model = None
    return model, sorted(diagnostics, key=sort_key)


def check_file(path: str | os.PathLike, root: Path | None = None, limits: LoadLimits = LoadLimits(),
               display: str | None = None) -> tuple[Document | None, ResultsFile | None, list[Diagnostic]]:
    """Load and check one results file; never raises for bad content.

    Returns (document or None, model or None, diagnostics). The model is
    given only when the file has no error.
    """
    document, diagnostics = load_file(path, limits, display=display)
    if document is None:
        return None, None, list(diagnostics)
    model, found = check_document(document, root)
    return document, model, sorted(list(diagnostics) + found, key=sort_key)

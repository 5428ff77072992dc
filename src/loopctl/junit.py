"""JUnit XML output: one test case per checked file, a failure per error, for CI test reporters.

CI systems that show test results (GitLab, Jenkins, Azure Pipelines and
GitHub actions that read JUnit) display each file as a test case; its
errors are failures and its warnings go to ``system-out`` (or are failures
too with ``strict``). Every string is escaped by the XML writer.
"""

from __future__ import annotations

from xml.etree import ElementTree

from loopctl.diagnostics import Diagnostic


def format_junit(diagnostics: list[Diagnostic], files: list[str], strict: bool = False) -> str:
    """Return a JUnit XML document with a ``testsuite`` named ``loopctl`` and one ``testcase`` per file."""
    by_file: dict[str, list[Diagnostic]] = {name: [] for name in files}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    suite = ElementTree.Element("testsuite", name="loopctl", tests=str(len(by_file)))
    failures = 0
    for name, found in by_file.items():
        case = ElementTree.SubElement(suite, "testcase", classname="loopctl.validate", name=_xml_safe(name))
        failing = [d for d in found if d.severity == "error" or strict]
        for d in failing:
            failure = ElementTree.SubElement(case, "failure", type=d.rule,
                                             message=_xml_safe(f"{d.line}:{d.column}: {d.message}"))
            failure.text = _xml_safe(f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.rule}] {d.message}\n"
                                     f"hint: {d.hint}")
        failures += bool(failing)
        rest = [d for d in found if d not in failing]
        if rest:
            out = ElementTree.SubElement(case, "system-out")
            out.text = _xml_safe("\n".join(f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.rule}] {d.message}"
                                           for d in rest))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def _xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/F)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
                   or ch >= "\U00010000")

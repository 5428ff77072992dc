"""Documentation entries for the rules about the linter's own inputs: suppression comments and configuration.

``suppress`` and ``config`` build these diagnostics themselves; this module
registers their ids with the documentation.
"""

from loopctl.rules import APPENDED, CONFIG, ERROR, WARNING, Rule

_LINT = [
    ("suppress.no-reason", WARNING, "A suppression comment gives no reason after ' -- '.",
     "A rule switched off without a reason cannot be reviewed; the suppression is ignored until it has one.",
     "# loopctl: disable=fail.resource_bleed", APPENDED),
    ("suppress.unknown-rule", WARNING, "A suppression names a rule that does not exist or cannot be switched off.",
     "A misspelt rule id suppresses nothing while looking as if it did; load errors are never suppressed.",
     "# loopctl: disable=fail.tau-omision -- typo", APPENDED),
    ("suppress.unused", WARNING, "A suppression suppresses nothing where it stands.",
     "Stale suppressions hide the next real problem on that line; remove them once the problem is fixed.",
     "# loopctl: disable=schema.type -- no longer needed", APPENDED),
    ("suppress.misplaced", WARNING, "A disable-file comment stands below the first line of data.",
     "File-wide suppressions belong at the top, where a reader sees them first.",
     "# loopctl: disable-file=lss.unknown-key -- too late", APPENDED),
    ("suppress.malformed", WARNING, "A 'loopctl:' comment is not a well-formed suppression.",
     "A comment meant as a suppression that does not parse would otherwise be ignored silently.",
     "# loopctl: disabel=lss.unknown-key -- typo", APPENDED),
    ("config.syntax", ERROR, "The configuration file is not valid TOML.",
     "Settings that cannot be read would be ignored silently.", "fail-on = 'warning", CONFIG),
    ("config.invalid", ERROR, "A setting in the configuration file is unknown or has an invalid value.",
     "A misspelt setting would otherwise have no effect.", "fail-on = 'sometimes'", CONFIG),
]

RULES = tuple(Rule(rule_id, severity, summary, rationale, example, scope="lint", example_form=form)
              for rule_id, severity, summary, rationale, example, form in _LINT)

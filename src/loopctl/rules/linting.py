"""Documentation entries for the rules about the linter's own inputs: suppression comments and configuration."""

from loopctl.rules import ERROR, WARNING, Rule

_LINT = [
    ("suppress.no-reason", WARNING, "A suppression comment gives no reason after ' -- '.",
     "A rule switched off without a reason cannot be reviewed; the suppression is ignored until it has one.",
     "timeout_seconds: 900  # loopctl: disable=fail.resource_bleed"),
    ("suppress.unknown-rule", WARNING, "A suppression names a rule that does not exist or cannot be switched off.",
     "A misspelt rule id suppresses nothing while looking as if it did; load errors are never suppressed.",
     "# loopctl: disable=fail.tau-omision -- typo"),
    ("suppress.unused", WARNING, "A suppression suppresses nothing where it stands.",
     "Stale suppressions hide the next real problem on that line; remove them once the problem is fixed.",
     "loop_name: fine  # loopctl: disable=schema.type -- no longer needed"),
    ("suppress.misplaced", WARNING, "A disable-file comment stands below the first line of data.",
     "File-wide suppressions belong at the top, where a reader sees them first.",
     "loop_name: x\n# loopctl: disable-file=lss.unknown-key -- too late"),
    ("suppress.malformed", WARNING, "A 'loopctl:' comment is not a well-formed suppression.",
     "A comment meant as a suppression that does not parse would otherwise be ignored silently.",
     "# loopctl: disabel=lss.unknown-key -- typo"),
    ("config.syntax", ERROR, "The configuration file is not valid TOML.",
     "Settings that cannot be read would be ignored silently.", "[tool.loopctl\nfail-on = 'warning'"),
    ("config.invalid", ERROR, "A setting in the configuration file is unknown or has an invalid value.",
     "A misspelt setting would otherwise have no effect.", "[tool.loopctl]\nfail-on = 'sometimes'"),
]

RULES = tuple(Rule(rule_id, severity, summary, rationale, example, scope="lint")
              for rule_id, severity, summary, rationale, example in _LINT)

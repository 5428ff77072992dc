"""Uniqueness: ids within each list, and metric names, name one thing each."""

from loopctl.rules import ERROR, WARNING, Finding, choices, declared, rule

_ID_LISTS = ("workers", "evaluators", "feedback_channels", "safety_constraints", "metrics")


@rule("lss.unique-id", ERROR,
      "Ids are unique within workers, evaluators, feedback channels and safety constraints; metric names are unique.",
      "A reference such as workers.coder must name exactly one thing; a second entry with the same id is "
      "unreachable or, worse, silently replaces the first.",
      "metrics:\n"
      "  - {name: quality, definition: Rubric score, source: evaluators.judge, unit: ratio, primary: true}\n"
      "  - {name: quality, definition: Word count, source: evaluators.length, unit: count}")
def unique_ids(ctx):
    for section in _ID_LISTS:
        seen: dict[str, int] = {}
        key = "name" if section == "metrics" else "id"
        for item in ctx.spec.items(section):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                yield Finding(f"{item.pointer}/{key}",
                              f"{section} has two entries with {key} '{value}' (entries {seen[value]} and {item.index})",
                              f"give each entry of {section} its own {key}")
            else:
                seen[value] = item.index


@rule("lss.primary-metric", WARNING,
      "Exactly one metric is marked primary: true.",
      "The primary metric is the loop's definition of progress: success conditions, stall rules and LES "
      "effectiveness read it. None leaves the goal implicit; several make it ambiguous.",
      "metrics:\n"
      "  - {name: quality, definition: Rubric score, source: evaluators.judge, unit: ratio, primary: true}\n"
      "  - {name: words, definition: Word count, source: evaluators.length, unit: count, primary: true}")
def one_primary_metric(ctx):
    primaries = [m for m in ctx.spec.metrics if m.get("primary") is True]
    if len(primaries) == 1 or not ctx.spec.metrics:
        return
    if not primaries:
        yield Finding("/metrics", "no metric is marked primary: true",
                      "mark the metric that defines the loop's goal with primary: true", on_key=True)
    else:
        names = choices(m.id or str(m.index) for m in primaries)
        yield Finding(f"{primaries[1].pointer}/primary", f"{len(primaries)} metrics are marked primary ({names})",
                      "keep primary: true on the one metric that defines success and remove it from the others")


RULES = declared(unique_ids, one_primary_metric)

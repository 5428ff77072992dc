"""Property tests: the loader and the validator never raise, whatever text or structure they are given."""

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loopctl import observed
from loopctl.level import classify
from loopctl.loader import load_bytes, load_text
from loopctl.render.mermaid import diagram
from loopctl.schema import check_schema
from loopctl.score import estimate
from loopctl.validate import SpecStore

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\t\n ,.?%@`0129yes~<")), max_size=200)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([10 ** 400, -(10 ** 400), 2.0, 3.0]), st.text(max_size=8))
TREES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.sampled_from(["id", "type", "workers", "from", "source", "destination", "runs_after",
                                     "depends_on", "metric", "value", "composition", "children", "ref", "role",
                                     "model", "applies_to", "config", "search_space", "name", "primary",
                                     "stal", "metdata", "x_a", "extensions", "rubric", "dimensions", "merge",
                                     "taxonomy_level", "per_iteration_usd", "cumulative_usd", "failure"]),
                    children, max_size=5)), max_leaves=25)
SPECS = st.fixed_dictionaries({}, optional=dict.fromkeys(["loop_name", "workers", "evaluators", "feedback_channels", "metrics", "termination_conditions", "optimization_strategy", "safety_constraints", "cost_limits", "memory", "inputs", "composition", "metadata"], TREES))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_loader_never_raises(text):
    document, diagnostics = load_text(text, "fuzz.yaml")
    assert (document is None) == bool(diagnostics) or document is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SPECS)
def test_validator_and_analysers_never_raise_on_any_structure(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "spec.yaml"
    path.write_text(yaml.safe_dump(data))
    result = SpecStore().validate(path)
    assert all(d.line >= 1 and d.column >= 1 and d.rule for d in result.diagnostics)
    classify(data)
    estimate(data)
    diagram(data)


@settings(max_examples=100, deadline=None)
@given(SPECS)
def test_schema_check_never_raises(data):
    document, _ = load_text(yaml.safe_dump(data), "x.yaml")
    if document is not None:
        check_schema(document)


JSONISH = st.text(alphabet=st.sampled_from(list('{}[]:,"0123456789.eE+-NaInfity tru\\n')), max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.booleans())
def test_loader_never_raises_on_bytes(raw, is_json):
    document, diagnostics = load_bytes(raw, "fuzz.json" if is_json else "fuzz.yaml", is_json=is_json)
    assert document is not None or diagnostics
    assert all(d.line >= 1 and d.column >= 1 and d.rule for d in diagnostics)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSONISH)
def test_json_reading_never_raises(text):
    document, _ = load_text(text, "fuzz.json", is_json=True)
    if document is not None:
        check_schema(document)


RUNS = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.sampled_from(["goal", "target", "values", "iteration_seconds", "cost_usd",
                                     "budget_iterations", "perturbations", "scale", "safety", "adaptation",
                                     "autonomy", "baselines", "n", "quality_retention", "ood_goal", "train_goal",
                                     "interventions", "human_fraction", "recovery_iterations", "error"]),
                    children, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RUNS)
def test_observed_scoring_never_raises(run):
    outcome = observed.score_run(run)
    assert outcome.problems or 0.0 <= outcome.les <= 1.0


POSITIONED = st.lists(st.sampled_from([*list("ab:-[]{}&*|>'\"#\n ,.?@0129"), "\n  ", "- ", ": ", "\r\n", "\u2028", "é"]),
                      max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POSITIONED)
def test_loader_diagnostics_point_inside_the_text(text):
    from loopctl.yaml_syntax import yaml_lines
    _, diagnostics = load_text(text, "fuzz.yaml")
    lines = yaml_lines(text)
    for d in diagnostics:
        assert 1 <= d.line <= len(lines) and 1 <= d.column <= len(lines[d.line - 1]) + 1, d

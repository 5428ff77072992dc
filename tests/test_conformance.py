"""Every verdict in the shared conformance data is reached: valid files have no errors, invalid ones name their problems."""

import json

import pytest

from conftest import CONFORMANCE
from loopctl.validate import SpecStore

EXPECTED = json.loads((CONFORMANCE / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_conformance_verdict(relative):
    verdict = EXPECTED[relative]
    # The conformance folder is a project of its own (no mkdocs.yml, pyproject.toml or .git marks it), so its
    # compositions' refs are confined to it explicitly, as `loopctl validate --root` would.
    result = SpecStore(display_base=CONFORMANCE, root=CONFORMANCE).validate(CONFORMANCE / relative)
    text = "\n".join(f"{d.rule} {d.message} {d.hint}" for d in result.errors)
    if verdict["valid"]:
        assert result.errors == [], text
    else:
        assert result.errors, "an invalid file was accepted"
        for word in verdict["must_report"]:
            assert word in text, f"{word!r} not named in:\n{text}"


def test_conformance_data_is_present():
    assert len(EXPECTED) >= 20

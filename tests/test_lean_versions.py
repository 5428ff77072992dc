"""Every LSS-min format version ever written stays readable: a golden file per version and spec."""

import json
from pathlib import Path

import pytest

from loopctl.lssmin.expand import expand_text
from loopctl.lssmin.factor import canon
from loopctl.lssmin.minify import MinifyError, minify_text
from loopctl.lssmin.shape import SHAPES

GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "lssmin"
CASES = sorted(GOLDEN.glob("v*/*.min.json"))


def test_there_is_a_golden_file_for_every_format_version():
    versions = {p.parent.name for p in CASES}
    assert {f"v{version}" for version in SHAPES} <= versions


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_golden_lss_min_file_of_each_version_expands_to_its_spec(path):
    text = path.read_text(encoding="utf-8").strip()
    assert json.loads(text)["~v"] == int(path.parent.name[1:])
    expected = json.loads(path.with_name(path.name.replace(".min.json", ".expected.json")).read_text(encoding="utf-8"))
    back = expand_text(text)
    assert back == expected
    assert canon(back) == canon(expected)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_minify_asked_for_an_older_version_writes_exactly_what_that_version_wrote(path):
    version = int(path.parent.name[1:])
    expected = json.loads(path.with_name(path.name.replace(".min.json", ".expected.json")).read_text(encoding="utf-8"))
    assert minify_text(expected, version) == path.read_text(encoding="utf-8").strip()


def test_minify_refuses_a_version_that_does_not_exist():
    with pytest.raises(MinifyError, match="does not exist"):
        minify_text({"loop_name": "x"}, max(SHAPES) + 1)

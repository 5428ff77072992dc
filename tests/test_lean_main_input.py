"""Which declared input an adapter feeds a composed child (``lean.compose.main_input``)."""

from loopctl.lean.compose import main_input


def _spec(schema: dict) -> dict:
    return {"inputs": {"schema": schema}}


def test_task_is_chosen_when_declared():
    assert main_input(_spec({"goal": {"required": True}, "task": {}})) == "task"


def test_the_first_required_input_is_chosen_without_a_task():
    assert main_input(_spec({"notes": {}, "goal": {"required": True}, "repo": {"required": True}})) == "goal"


def test_the_first_input_is_chosen_when_none_is_required():
    assert main_input(_spec({"notes": {}, "repo": {"required": False}})) == "notes"


def test_no_input_is_chosen_from_an_empty_or_missing_schema():
    assert main_input(_spec({})) is None
    assert main_input({}) is None

"""PyYAML's syntax errors told in plain words, at the position a person should look.

PyYAML reports an unclosed quote at the end of the file and describes an
indentation slip as "expected <block end>, but found '<block mapping start>'".
``explain_syntax_error`` turns such an error into ``(line, column, message,
hint)``: an unclosed quote or bracket is placed at its opening, an indentation
slip names the indentation it has and the one its siblings use, and the
parser's own words appear only in the hint of cases this module does not know.
"""

from __future__ import annotations

import re

from loopctl.diagnostics import visible

_FOUND = re.compile(r"but (?:found|got) (.+)$")
# The line breaks YAML counts (and PyYAML's marks follow): CR LF, CR, LF, NEL, LS and PS.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """Split text into lines the way YAML counts them, so line numbers match the parser's marks."""
    return _BREAK.split(text)

_TOKENS = {
    "'<block mapping start>'": "a new 'key: value' block",
    "'<block sequence start>'": "a new list",
    "'<block end>'": "the end of a block",
    "'<stream end>'": "the end of the file",
    "'<scalar>'": "a value",
    "'?'": "a key",
    "'-'": "a list item",
    "'<block entry>'": "a list item",
    "':'": "a ':'",
    "','": "a ','",
    "'<anchor>'": "an anchor (&name)",
    "'<alias>'": "an alias (*name)",
    "'<tag>'": "a tag",
}


def explain_syntax_error(error, text: str) -> tuple[int, int, str, str]:
    """Return ``(line, column, message, hint)`` (1-based) for a PyYAML ``MarkedYAMLError`` on ``text``."""
    lines = yaml_lines(text)
    context = error.context or ""
    problem = error.problem or ""
    opened = _position(error.context_mark)
    stopped = _position(error.problem_mark) or opened or (1, 1)
    if "quoted scalar" in context and opened:
        return _quoted(lines, opened, stopped, problem)
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and opened:
        return _flow(context, opened, stopped, problem)
    if "simple key" in context and "could not find expected ':'" in problem and opened:
        return _missing_colon(lines, opened)
    if "mapping values are not allowed" in problem:
        return _colon_in_value(lines, stopped)
    if context.startswith("while parsing a block") and "expected <block end>" in problem:
        return _block_end(lines, context, stopped, problem)
    if "cannot start any token" in problem:
        char = visible(_quoted_char(problem))
        return (*stopped, f"an unquoted value cannot start with {char}",
                f"put the whole value in quotes, e.g. \"{char.strip(chr(39))}...\"")
    if "expected the node content" in problem:
        return (*stopped, f"a value is expected here, but the text holds {_found(problem)}",
                "write the missing value, or remove the stray character")
    if context.startswith(("while scanning an anchor", "while scanning an alias")):
        return (*stopped, "an anchor or alias name (after '&' or '*') must be made of letters, digits, '-' or '_'",
                "rename the anchor, or quote the value if '&' or '*' is meant literally")
    if context.startswith("while scanning a block scalar"):
        return (*stopped, "the header of this '|' or '>' block of text is not valid",
                "after '|' or '>' only '-', '+' or an indentation digit may follow on the same line")
    if "sequence entries are not allowed" in problem:
        return (*stopped, "a list item ('- ') cannot start on the same line as its key",
                "put the items on the lines below the key, indented, or write the list as [a, b]")
    if context.startswith("while scanning a directive") or "directive" in context:
        return (*stopped, "this '%' directive line is not valid",
                "remove the line (specs need no directives), or quote a value that starts with '%'")
    if context.startswith(("while scanning a tag", "while parsing a tag")):
        return (*stopped, "this tag (a value starting with '!') is not written correctly",
                "remove the tag; to keep a value that starts with '!' as text, put it in quotes")
    if "<document start>" in problem:
        stray = _stray_closer(problem)
        if stray:
            return (*stopped, f"this closing '{stray}' has no matching opening bracket",
                    f"remove the '{stray}', or add the opening bracket where the list or mapping starts")
        return (*stopped, f"the spec has already ended, but the text goes on with {_found(problem)}",
                "remove the extra text; a '%' directive line, if any, must be followed by '---'")
    if "undefined tag handle" in problem:
        return (*stopped, "this tag uses a handle ('!name!') that the file never defines",
                "remove the tag; LSS values are plain strings, numbers, booleans, lists and mappings")
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        return _block_end(lines, context, stopped, problem)
    return (*stopped, "the YAML here cannot be read",
            f"check indentation, colons and quotes around this position (the parser says: {problem or context})")


def _position(mark) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def _quoted(lines, opened, stopped, problem):
    quote = _char_at(lines, opened) or '"'
    if "end of stream" in problem or "document separator" in problem:
        inside = "write \\\" for a quote inside it" if quote == '"' else "write '' for a quote inside it"
        return (*opened, f"this quoted string opened on line {opened[0]} is never closed",
                f"add the closing {quote} where the value ends ({inside})")
    if "escape" in problem:
        return (*stopped, "this double-quoted string holds an unknown escape sequence",
                "write a backslash as \\\\, or use single quotes, where a backslash is plain text")
    return (*opened, f"the quoted string opened on line {opened[0]} cannot be read",
            f"check that it ends with a matching {quote}")


def _flow(context, opened, stopped, problem):
    kind, opener, closer = ("list", "[", "]") if "sequence" in context else ("mapping", "{", "}")
    if "expected the node content" in problem:
        return (*stopped, f"a value is missing in the {kind} opened on line {opened[0]}",
                "remove the extra ',' or write the missing value")
    if "<stream end>" in problem or stopped[0] > opened[0]:
        return (*opened, f"this {kind} opened with '{opener}' on line {opened[0]} is never closed",
                f"add the closing '{closer}' after its last item, and separate items with ','")
    return (*stopped, f"the items of this {kind} must be separated by ',' and it must end with '{closer}'; "
                      f"found {_found(problem)}",
            f"add a ',' between items, or quote an item that holds '{closer}' or ','")


def _missing_colon(lines, opened):
    shown = visible(_line(lines, opened[0]).strip(), 40)
    return (*opened, f"line {opened[0]} ('{shown}') is neither a 'key: value' pair nor a list item",
            "write 'key: value' with a colon and a space after the key, or start a list item with '- '; "
            "a value continued from the line above must be indented more than its key")


def _colon_in_value(lines, stopped):
    number = stopped[0]
    current = _line(lines, number)
    indent = _indent(current)
    previous = _previous_content(lines, number)
    continues = stopped[1] > indent + 1 and previous is not None and indent > _indent(previous[1]) \
        and ":" in previous[1] and not previous[1].rstrip().endswith(":")
    if continues:
        siblings = _indent(previous[1])
        return (number, indent + 1, f"this line is indented {indent} spaces; its siblings use {siblings}",
                f"indent it by {siblings} spaces like the key on line {previous[0]}; "
                "as it stands it reads as the continuation of that line's value")
    return (*stopped, "a ': ' inside an unquoted value would start another key, which is not allowed here",
            "put the value in quotes, e.g. key: \"a: b\", or move the nested key to its own line")


def _block_end(lines, context, stopped, problem):
    number = stopped[0]
    current = _line(lines, number)
    indent = _indent(current)
    levels = _open_levels(lines, number)
    found = _found(problem)
    stray = _stray_closer(problem)
    if stray:
        return (*stopped, f"this closing '{stray}' has no matching opening bracket",
                f"remove the '{stray}', or add the opening bracket where the list or mapping starts")
    if levels and indent not in levels:
        siblings = min(levels, key=lambda level: (abs(level - indent), -level))
        return (number, indent + 1, f"this line is indented {indent} spaces; its siblings use {siblings}",
                f"indent it by {siblings} spaces: the keys of one mapping (and the '-' of one list) "
                "start in the same column")
    if "collection" in context and not current.lstrip().startswith("-"):
        return (number, indent + 1, "this line is a 'key: value' pair, but the lines above it at the same "
                                    "indentation are list items",
                "start it with '- ' to make it a list item, or indent it under the item it belongs to")
    if current.lstrip().startswith("-"):
        return (number, indent + 1, "this line is a list item, but the lines above it at the same "
                                    "indentation are 'key: value' pairs",
                "put the list under a key ('key:' on its own line, the items indented below it)")
    return (number, indent + 1, f"the text here ({found}) does not fit the block around it",
            "check that this line's indentation matches the lines it belongs with")


def _open_levels(lines, number: int) -> list[int]:
    """Indentations still open at line ``number`` (1-based), from the content lines above it."""
    levels: list[int] = []
    for text in lines[: number - 1]:
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        starts = [_indent(text)]
        rest = text.lstrip(" ")
        while rest.startswith("- "):  # "- key: v" opens a level for the dash and one for the key after it
            after = rest[2:]
            starts.append(starts[-1] + 2 + _indent(after))
            rest = after.lstrip(" ")
        while levels and levels[-1] > starts[0]:
            levels.pop()
        for start in starts:
            if not levels or levels[-1] < start:
                levels.append(start)
    return levels


def _previous_content(lines, number: int):
    for index in range(number - 2, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1, lines[index]
    return None


def _line(lines, number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _char_at(lines, position) -> str:
    line = _line(lines, position[0])
    return line[position[1] - 1] if 0 < position[1] <= len(line) else ""


def _found(problem: str) -> str:
    match = _FOUND.search(problem)
    token = match.group(1).strip() if match else ""
    return _TOKENS.get(token, token or "something unexpected")


def _stray_closer(problem: str) -> str:
    match = _FOUND.search(problem)
    token = match.group(1).strip() if match else ""
    return {"']'": "]", "'}'": "}"}.get(token, "")


def _quoted_char(problem: str) -> str:
    match = re.search(r"character ('.*?'|\".*?\")", problem)
    return match.group(1) if match else "this character"

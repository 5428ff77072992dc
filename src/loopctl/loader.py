"""Turn a YAML or JSON file into plain data that remembers where every node came from.

The loader walks PyYAML's event stream (never its constructor), so nothing is
ever built or executed from a tag, aliases are counted rather than expanded,
and every failure becomes a located ``Diagnostic`` instead of an exception.
Mapping keys are always strings: their source text, so ``on:`` stays ``"on"``.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

from loopctl.diagnostics import ERROR, Diagnostic
from loopctl.inputs import mode_kind
from loopctl.yaml_syntax import explain_syntax_error, yaml_lines

CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

# JSON's own grammar for bare values: YAML 1.1 reads ``1e5`` as text and ``NaN`` as text, JSON does not.
_JSON_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_JSON_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
_JSON_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}

# libyaml's event parser (when PyYAML was built with it) is many times faster than PyYAML's own, and
# gives the same events and marks except in a few corners, which the differential property test in
# tests/test_loader_parsers.py looks for: the line breaks NEL, LS and PS (PyYAML counts them as new lines,
# libyaml does not), a carriage return, a tab, a byte-order mark, any tag (the two differ on tag handles such as '!:!!str'), a %YAML or %TAG directive, and characters outside
# the Basic Multilingual Plane. A text holding one of them is read by PyYAML alone. Any error from libyaml
# is parsed again by PyYAML too, whose messages ``yaml_syntax`` knows how to explain in plain words.
# None when PyYAML was built without libyaml: then its own parser reads everything.
_CPARSER: type | None = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
_PARSER_CORNERS = re.compile("[\t\ufeff\x85\u2028\u2029\r\U00010000-\U0010ffff]|(?:^|[\\s,\\[{])!|^%",
                             re.MULTILINE)


def uses_libyaml(text: str) -> bool:
    """True when ``text`` is parsed with libyaml: it is available and no parser corner can occur in the text."""
    return _CPARSER is not None and _PARSER_CORNERS.search(text) is None


@dataclass(frozen=True)
class LoadLimits:
    """Bounds that keep hostile input cheap: bytes on disk, nesting, and nodes reached through aliases.

    ``max_nodes`` counts only the nodes an alias repeats (the "billion laughs"
    attack); the size of ordinary, written-out data is bounded by ``max_bytes``.
    """

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000


@dataclass
class Document:
    """A loaded spec: its data plus the source position of every node and key."""

    path: str
    data: dict
    text: str
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    implicit_scalars: dict[str, str] = field(default_factory=dict)

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the node at ``pointer``, or of its nearest located ancestor.

        With ``key=True`` the position of the mapping key is preferred, which is
        where a reader looks for a misspelt or unexpected key.
        """
        probe = pointer
        while True:
            if key and probe in self.key_positions:
                return self.key_positions[probe]
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (1, 1)
            probe = probe.rsplit("/", 1)[0]

    def value_at(self, pointer: str):
        """Return the value at a JSON pointer, or None when the path does not exist."""
        node = self.data
        for part in split_pointer(pointer):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node


def pointer_join(base: str, part) -> str:
    """Append one reference token to a JSON pointer, escaping ``~`` and ``/``."""
    token = str(part)
    if "~" in token or "/" in token:
        token = token.replace("~", "~0").replace("/", "~1")
    return f"{base}/{token}"


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer into its unescaped reference tokens."""
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


class LoadError(Exception):
    """Raised inside the loader to stop at the first fatal problem; never escapes ``load_*``."""

    def __init__(self, line: int, column: int, rule: str, message: str, hint: str, pointer: str = ""):
        super().__init__(message)
        self.line, self.column, self.rule = line, column, rule
        self.message, self.hint, self.pointer = message, hint, pointer


def load_file(path: str | os.PathLike, limits: LoadLimits = LoadLimits(), display: str | None = None):
    """Load one spec file.

    Returns ``(document, diagnostics)``; the document is None whenever a
    diagnostic is fatal (size, encoding, syntax, structure). Never raises for
    bad content; an unreadable path is reported as ``io.unreadable``.
    """
    name = display if display is not None else str(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        return None, [_unreadable(name, exc)]
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end when opened; refuse it by its type alone.
        return None, [_irregular(name, info.st_mode)]
    if info.st_size > limits.max_bytes:
        return None, [_too_large(name, info.st_size, limits)]
    try:
        # O_NONBLOCK: should the path become a FIFO after the check above, opening it still returns at once.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                return None, [_irregular(name, opened.st_mode)]
            raw = handle.read(limits.max_bytes + 1)
    except (OSError, ValueError) as exc:
        return None, [_unreadable(name, exc)]
    return load_bytes(raw, name, limits, is_json=str(path).lower().endswith(".json"))


def load_bytes(raw: bytes, name: str, limits: LoadLimits = LoadLimits(), is_json: bool = False):
    """Decode UTF-8 bytes and load them; see ``load_text`` for the result."""
    if len(raw) > limits.max_bytes:
        return None, [_fatal(name, 1, 1, "yaml.too-large",
                             f"input is over the limit of {limits.max_bytes:,} bytes",
                             "split the spec, or raise the limit with --max-bytes if the size is intended")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Columns count characters, as everywhere else, not bytes: earlier multi-byte letters count once.
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = _line_col(before, len(before))
        return None, [_fatal(name, line, column, "yaml.encoding",
                             f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                             "save the file as UTF-8 (LSS files are UTF-8 text)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if is_json:
        # JSON allows tabs as whitespace where YAML does not; a tab is one column either way,
        # and a raw tab inside a JSON string is invalid JSON anyway.
        text = text.replace("\t", " ")
    return load_text(text, name, limits, is_json=is_json)


def load_text(text: str, name: str = "<string>", limits: LoadLimits = LoadLimits(), is_json: bool = False):
    """Load YAML (or JSON) text into a ``Document``.

    Returns ``(document or None, diagnostics)``. Refuses, with a located
    diagnostic: tabs in indentation, syntax errors, duplicate keys, tags
    outside YAML's core schema, alias expansion past ``limits.max_nodes``,
    nesting past ``limits.max_depth``, several documents, an empty stream and
    a top level that is not a mapping. With ``is_json`` bare values follow
    JSON's grammar (``1e5`` is a number, ``NaN`` and ``Infinity`` are the
    non-finite numbers Python's JSON reader accepts).
    """
    if len(text) > limits.max_bytes:
        return None, [_fatal(name, 1, 1, "yaml.too-large", f"input is over the limit of {limits.max_bytes:,} bytes",
                             "split the spec, or raise the limit with --max-bytes if the size is intended")]
    tab = _find_indent_tab(text)
    if tab:
        return None, [_fatal(name, tab[0], tab[1], "yaml.tab", "a tab character is used for indentation",
                             "YAML indentation must use spaces; replace the tab with spaces")]
    builder = _Builder(name, text, limits, is_json)
    try:
        document = builder.run()
    except LoadError as exc:
        return None, [*builder.diagnostics, _fatal(name, exc.line, exc.column, exc.rule, exc.message, exc.hint, exc.pointer)]
    return document, builder.diagnostics


def _fatal(name, line, column, rule, message, hint, pointer="") -> Diagnostic:
    return Diagnostic(name, line, column, ERROR, rule, message, hint, pointer)


def _unreadable(name: str, exc: Exception) -> Diagnostic:
    reason = getattr(exc, "strerror", None) or str(exc)
    return _fatal(name, 1, 1, "io.unreadable", f"cannot read the file: {reason}",
                  "check that the path exists and is readable")


def _irregular(name: str, mode: int) -> Diagnostic:
    return _fatal(name, 1, 1, "io.unreadable", f"not a regular file ({mode_kind(mode)})",
                  "pass the path of a spec file (.yaml, .yml or .json)")


def _too_large(name: str, size: int, limits: LoadLimits) -> Diagnostic:
    return _fatal(name, 1, 1, "yaml.too-large", f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                  "split the spec, or raise the limit with --max-bytes if the size is intended")


def _find_indent_tab(text: str) -> tuple[int, int] | None:
    """Return the position of the first tab inside a line's leading whitespace in block context."""
    if "\t" not in text:
        return None
    in_flow = 0
    for number, line in enumerate(yaml_lines(text), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#") and in_flow <= 0:
            return number, indent.index("\t") + 1
        # Tabs are legal separators inside flow collections (and so in JSON files).
        in_flow += stripped.count("[") + stripped.count("{") - stripped.count("]") - stripped.count("}")
    return None


class _ParserCorner(Exception):
    """libyaml met a corner where its marks differ from PyYAML's: the text is parsed again by PyYAML."""


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_is_merge", "key_mark", "merges", "pointer", "start_nodes")

    def __init__(self, container: dict | list, pointer: str, anchor: str | None, start_nodes: int):
        self.container = container
        self.pointer = pointer
        self.anchor = anchor
        self.start_nodes = start_nodes
        self.key: str | None = None           # the pending key of a mapping, until its value arrives
        self.key_mark: tuple[int, int] = (1, 1)
        self.key_is_merge = False
        self.merges: list[tuple[object, tuple[int, int]]] = []


class _Builder:
    """Builds plain data from the event stream with an explicit stack (no recursion)."""

    def __init__(self, name: str, text: str, limits: LoadLimits, is_json: bool = False):
        self.name, self.text, self.limits, self.is_json = name, text, limits, is_json
        self.resolver = yaml.resolver.Resolver()
        self.constructor = SafeConstructor()
        self._reset()

    def _reset(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.implicit: dict[str, str] = {}
        self.anchors: dict[str, tuple[object, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.repeated = 0  # nodes reached through aliases: the only count max_nodes bounds
        self.root: object = None
        self.root_mark = (1, 1)
        self.documents = 0

    def _consume(self, parser, fast: bool = False) -> None:
        self._reset()
        handlers = {
            yaml.ScalarEvent: self._on_fast_scalar if fast else self._on_scalar,
            yaml.MappingStartEvent: self._on_collection_start,
            yaml.SequenceStartEvent: self._on_collection_start,
            yaml.MappingEndEvent: self._on_collection_end,
            yaml.SequenceEndEvent: self._on_collection_end,
            yaml.AliasEvent: self._on_alias,
            yaml.DocumentStartEvent: self._on_document_start,
        }
        get_event, lookup = parser.get_event, handlers.get
        try:
            while True:
                event = get_event()
                if event is None or type(event) is yaml.StreamEndEvent:
                    break
                handler = lookup(type(event))
                if handler is not None:
                    handler(event)
        finally:
            parser.dispose()

    def _parse(self) -> None:
        if _CPARSER is not None and uses_libyaml(self.text):
            try:
                self._consume(_CPARSER(self.text), fast=True)
                return
            except (yaml.YAMLError, UnicodeError, _ParserCorner):
                pass  # parse again with PyYAML: its errors are the ones explained in plain words
        self._consume(yaml.SafeLoader(self.text))

    def run(self) -> Document:
        try:
            self._parse()
        except LoadError:
            raise
        except yaml.MarkedYAMLError as exc:
            line, column, message, hint = explain_syntax_error(exc, self.text)
            raise LoadError(line, column, "yaml.syntax", message, hint) from None
        except yaml.reader.ReaderError as exc:
            line, column = _line_col(self.text, exc.position)
            raise LoadError(line, column, "yaml.encoding",
                            f"character U+{exc.character:04X} is not allowed in YAML text" if isinstance(exc.character, int)
                            else f"character {exc.character!r} is not allowed in YAML text",
                            "remove control characters from the file") from None
        except yaml.YAMLError:
            raise LoadError(1, 1, "yaml.syntax", "the file cannot be read as YAML",
                            "check the file's YAML syntax") from None
        if self.documents == 0 or self.root is None:
            raise LoadError(1, 1, "yaml.empty", "the file holds no document",
                            "an LSS spec is a mapping that starts with loop_name, version, objective, ...")
        if not isinstance(self.root, dict):
            kind = type(self.root).__name__ if not isinstance(self.root, list) else "a sequence"
            raise LoadError(*self.root_mark, "yaml.not-mapping",
                            f"the top level is {kind}, not a mapping",
                            "an LSS spec is a mapping of field names (loop_name, version, ...) to values")
        return Document(self.name, self.root, self.text, self.positions, self.key_positions, self.implicit)

    # -- events ---------------------------------------------------------------------------
    def _on_document_start(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            line, column = _mark(event)
            raise LoadError(line, column, "yaml.multi-document", "the file holds more than one YAML document",
                            "keep one spec per file; remove the extra '---' separator")

    def _on_fast_scalar(self, event) -> None:
        if not event.value:
            # Empty values are where the parsers part: libyaml places an empty plain value where the next token
            # starts (PyYAML where the last one ended) and accepts a comment right after '|' or '>'.
            raise _ParserCorner
        self._on_scalar(event)

    def _on_scalar(self, event) -> None:
        mark = _mark(event)
        self._check_tag(event.tag, mark)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            frame.key = event.value
            frame.key_mark = mark
            # YAML's resolver reads exactly a plain '<<' as the merge key; asking it costs more than comparing.
            frame.key_is_merge = event.implicit[0] and event.value == "<<"
            if frame.key_is_merge and frame.merges:
                first = frame.merges[0][1]
                raise LoadError(*mark, "yaml.duplicate-key", "the merge key '<<' appears twice in the same mapping",
                                f"the first '<<' is at line {first[0]}; merge several mappings with one key: "
                                "'<<: [*a, *b]'", pointer_join(frame.pointer, "<<"))
            return
        value, tag = self._scalar_value(event, mark)
        self._count(1)
        self._attach(value, mark, event.anchor, implicit_text=event.value if tag not in (_STR,) else None)

    def _on_collection_start(self, event) -> None:
        mark = _mark(event)
        self._check_tag(event.tag, mark)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            raise LoadError(*mark, "yaml.complex-key", "a mapping key is itself a mapping or a sequence",
                            "use a plain string as the key")
        if len(self.stack) >= self.limits.max_depth:
            raise LoadError(*mark, "yaml.too-deep",
                            f"nesting is deeper than {self.limits.max_depth} levels",
                            "flatten the structure; LSS specs need only a few levels of nesting")
        container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
        self._count(1)
        pointer = self._attach(container, mark, None)
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, pointer, event.anchor, self.nodes))

    def _on_collection_end(self, event=None) -> None:  # noqa: ARG002  (every event handler takes the event)
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            for merged, mark in _merge_sources(frame.merges):
                for key, value in merged.items():
                    if key not in frame.container:
                        frame.container[key] = value
                        child = pointer_join(frame.pointer, key)
                        self.positions.setdefault(child, mark)
                        self.key_positions.setdefault(child, mark)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.start_nodes + 1)

    def _on_alias(self, event) -> None:
        mark = _mark(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            raise LoadError(*mark, "yaml.alias-key", f"the alias *{event.anchor} is used as a mapping key",
                            "write the key out as plain text; spec keys are names, not references to other nodes")
        if event.anchor in self.open_anchors:
            raise LoadError(*mark, "yaml.recursive-alias", f"alias *{event.anchor} refers to a node that contains it",
                            "recursive structures cannot be specs; copy the data instead")
        if event.anchor not in self.anchors:
            raise LoadError(*mark, "yaml.syntax", f"alias *{event.anchor} names no anchor defined before it",
                            f"define &{event.anchor} earlier in the file, or remove the alias")
        value, size = self.anchors[event.anchor]
        self._count(size)
        self.repeated += size
        if self.repeated > self.limits.max_nodes:
            raise LoadError(*mark, "yaml.alias-expansion",
                            f"aliases repeat more than {self.limits.max_nodes:,} nodes",
                            "aliases here multiply the data (a 'billion laughs' pattern); write the values out")
        self._attach(value, mark, None)

    # -- helpers --------------------------------------------------------------------------
    def _count(self, nodes: int) -> None:
        # The running total (aliases included) sizes each anchor; only ``repeated`` is limited.
        self.nodes += nodes

    def _check_tag(self, tag: str | None, mark: tuple[int, int]) -> None:
        if tag is None or tag == "!" or tag in CORE_TAGS:
            return
        raise LoadError(*mark, "yaml.tag", f"tag {tag!r} is outside YAML's core schema",
                        "remove the tag; LSS values are plain strings, numbers, booleans, lists and mappings")

    def _scalar_value(self, event: yaml.ScalarEvent, mark: tuple[int, int]) -> tuple[object, str]:
        if self.is_json and not event.style and event.tag is None:
            json_value = _json_bare_value(event.value)
            if json_value is not _NOT_JSON:
                return json_value
        if event.tag and event.tag != "!":
            tag = event.tag
        elif event.tag == "!":
            tag = _STR
        else:
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in CORE_TAGS:
            return event.value, _STR  # timestamps and other YAML 1.1 types stay text
        if tag == _STR:
            return event.value, tag
        node = yaml.ScalarNode(tag, event.value)
        try:
            if tag == "tag:yaml.org,2002:int":
                return self.constructor.construct_yaml_int(node), tag
            if tag == "tag:yaml.org,2002:float":
                return self.constructor.construct_yaml_float(node), tag
            if tag == "tag:yaml.org,2002:bool":
                return self.constructor.construct_yaml_bool(node), tag
            return None, tag
        except (ValueError, TypeError, KeyError):
            raise LoadError(*mark, "yaml.value", f"{event.value[:40]!r} cannot be read as {tag.rsplit(':', 1)[-1]}",
                            "quote the value to keep it as text, or write a valid number") from None

    def _attach(self, value: object, mark: tuple[int, int], anchor: str | None,
                implicit_text: str | None = None) -> str:
        if anchor:
            self.anchors[anchor] = (value, 1)
        if not self.stack:
            self.root = value
            self.root_mark = mark
            self.positions[""] = mark
            return ""
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            pointer = pointer_join(frame.pointer, len(frame.container))
            frame.container.append(value)
        else:
            key, key_mark = frame.key, frame.key_mark
            frame.key = None
            pointer = pointer_join(frame.pointer, key)
            if frame.key_is_merge:
                frame.key_is_merge = False
                frame.merges.append((value, key_mark))  # checked when the mapping closes and the value is complete
                return pointer
            if key in frame.container:
                first = self.key_positions.get(pointer, (0, 0))
                raise LoadError(*key_mark, "yaml.duplicate-key", f"key {key!r} appears twice in the same mapping",
                                f"the first {key!r} is at line {first[0]}; keep one of them", pointer)
            frame.container[key] = value
            self.key_positions[pointer] = key_mark
        self.positions[pointer] = mark
        if implicit_text is not None:
            self.implicit[pointer] = implicit_text
        return pointer


_NOT_JSON = object()


def _json_bare_value(text: str):
    """Return (value, tag) for a bare JSON literal, or ``_NOT_JSON`` to fall back to YAML's reading."""
    if text in ("true", "false"):
        return text == "true", _BOOL
    if text == "null":
        return None, _NULL
    if text in _JSON_SPECIAL:
        return _JSON_SPECIAL[text], _FLOAT
    if _JSON_INT.match(text):
        try:
            return int(text), _INT
        except ValueError:  # past Python's digit limit: let the YAML path report it
            return _NOT_JSON
    if _JSON_FLOAT.match(text):
        return float(text), _FLOAT
    return _NOT_JSON


def _merge_sources(merges: list[tuple[object, tuple[int, int]]]) -> list[tuple[dict, tuple[int, int]]]:
    sources: list[tuple[dict, tuple[int, int]]] = []
    for value, mark in merges:
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, dict) for item in items):
            raise LoadError(*mark, "yaml.merge", "a '<<' merge key needs a mapping or a list of mappings",
                            "point '<<' at an anchored mapping, e.g. '<<: *defaults'")
        sources.extend((item, mark) for item in items if isinstance(item, dict))
    return sources


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    lines = yaml_lines(text[:offset])
    return len(lines), len(lines[-1]) + 1

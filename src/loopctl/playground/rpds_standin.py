"""A small pure-Python stand-in for the part of ``rpds`` that ``referencing`` and ``jsonschema`` use.

``rpds-py`` (persistent data structures written in Rust) publishes no
WebAssembly wheel, so Pyodide cannot install it; ``referencing`` imports
``HashTrieMap``, ``HashTrieSet`` and ``List`` from it, and ``jsonschema``
imports ``HashTrieMap``. The playground's Python bundle ships this module as
``rpds``. Each operation copies (O(n)) instead of sharing structure: the maps
the validator builds hold a few dozen schema resources, so that costs nothing
noticeable, and the values behave like rpds' (immutable, hashable, equal by
content, the same errors). ``tests/test_playground_rpds.py`` checks every
method here against the real ``rpds`` in the development environment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["HashTrieMap", "HashTrieSet", "List"]


class HashTrieMap(Mapping):
    """An immutable mapping; every change returns a new map."""

    __slots__ = ("_items",)
    _items: dict

    def __init__(self, value=(), **kwargs):
        items = dict(value.items() if isinstance(value, Mapping) else value)
        items.update(kwargs)
        object.__setattr__(self, "_items", items)

    @classmethod
    def convert(cls, value) -> HashTrieMap:
        """Return ``value`` itself when it is already a map, else a new map of it."""
        return value if isinstance(value, cls) else cls(value)

    @classmethod
    def fromkeys(cls, keys, value=None) -> HashTrieMap:
        """Return a map of every key to ``value``."""
        return cls((key, value) for key in keys)

    def __setattr__(self, name, value):
        raise AttributeError("HashTrieMap is immutable")

    def __getitem__(self, key):
        return self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items

    def __eq__(self, other) -> bool:
        if not isinstance(other, HashTrieMap):
            return NotImplemented
        return self._items == other._items

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"HashTrieMap({self._items!r})"

    def __reduce__(self):
        return (HashTrieMap, (self._items,))

    def insert(self, key, value) -> HashTrieMap:
        """Return a map with ``key`` set to ``value``."""
        items = dict(self._items)
        items[key] = value
        return HashTrieMap(items)

    def remove(self, key) -> HashTrieMap:
        """Return a map without ``key``; raises ``KeyError`` when it is absent."""
        if key not in self._items:
            raise KeyError(key)
        return self.discard(key)

    def discard(self, key) -> HashTrieMap:
        """Return a map without ``key`` (the same map when it is absent)."""
        if key not in self._items:
            return self
        return HashTrieMap((k, v) for k, v in self._items.items() if k != key)

    def update(self, *maps, **kwargs) -> HashTrieMap:
        """Return a map with the entries of every argument added, later ones winning."""
        items = dict(self._items)
        for each in maps:
            items.update(each.items() if isinstance(each, Mapping) else each)
        items.update(kwargs)
        return HashTrieMap(items)


class HashTrieSet:
    """An immutable set; every change returns a new set."""

    __slots__ = ("_items",)
    _items: frozenset

    def __init__(self, value: Iterable = ()):
        object.__setattr__(self, "_items", frozenset(value))

    def __setattr__(self, name, value):
        raise AttributeError("HashTrieSet is immutable")

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __contains__(self, item) -> bool:
        return item in self._items

    def __eq__(self, other) -> bool:
        if isinstance(other, HashTrieSet):
            return self._items == other._items
        if isinstance(other, (set, frozenset)):
            return self._items == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"HashTrieSet({set(self._items)!r})" if self._items else "HashTrieSet({})"

    def __reduce__(self):
        return (HashTrieSet, (list(self._items),))

    def __or__(self, other) -> HashTrieSet:
        return self.union(other)

    def __and__(self, other) -> HashTrieSet:
        return self.intersection(other)

    def __sub__(self, other) -> HashTrieSet:
        return self.difference(other)

    def insert(self, item) -> HashTrieSet:
        """Return a set with ``item`` added."""
        return HashTrieSet(self._items | {item})

    def remove(self, item) -> HashTrieSet:
        """Return a set without ``item``; raises ``KeyError`` when it is absent."""
        if item not in self._items:
            raise KeyError(item)
        return self.discard(item)

    def discard(self, item) -> HashTrieSet:
        """Return a set without ``item`` (the same set when it is absent)."""
        return HashTrieSet(self._items - {item}) if item in self._items else self

    def update(self, *iterables) -> HashTrieSet:
        """Return a set with the items of every argument added."""
        items = set(self._items)
        for each in iterables:
            items.update(each)
        return HashTrieSet(items)

    def union(self, other) -> HashTrieSet:
        """Return the items in either set."""
        return HashTrieSet(self._items | frozenset(other))

    def intersection(self, other) -> HashTrieSet:
        """Return the items in both sets."""
        return HashTrieSet(self._items & frozenset(other))

    def difference(self, other) -> HashTrieSet:
        """Return the items of this set that are not in ``other``."""
        return HashTrieSet(self._items - frozenset(other))


class List:
    """An immutable singly linked list: cheap to read from the front, ``push_front`` returns a new list."""

    __slots__ = ("_items",)
    _items: tuple

    def __init__(self, *elements):
        items = tuple(elements[0]) if len(elements) == 1 else tuple(elements)
        object.__setattr__(self, "_items", items)

    def __setattr__(self, name, value):
        raise AttributeError("List is immutable")

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __eq__(self, other) -> bool:
        if not isinstance(other, List):
            return NotImplemented
        return self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"List({list(self._items)!r})"

    def __reduce__(self):
        return (List, (list(self._items),))

    @property
    def first(self):
        """The first element; raises ``IndexError`` on an empty list."""
        if not self._items:
            raise IndexError("empty list has no first element")
        return self._items[0]

    @property
    def rest(self) -> List:
        """Every element after the first (an empty list stays empty)."""
        return List(self._items[1:])

    def push_front(self, item) -> List:
        """Return a list with ``item`` in front of these elements."""
        return List((item, *self._items))

    def drop_first(self) -> List:
        """Return the list without its first element; raises ``IndexError`` on an empty list."""
        if not self._items:
            raise IndexError("empty list has no first element")
        return List(self._items[1:])

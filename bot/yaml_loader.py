"""The YAML loader every file of ours is read with: safe, strict, and libyaml's parser where PyYAML has it.

Strict, because a YAML file is input an administrator writes and the bot trusts:
- aliases (`*name`) are refused: a few hundred bytes of nested anchors and aliases (a "billion laughs")
  expand to billions of items once anything walks the data, and an alias inside its own anchor makes a
  structure that contains itself. Our files have no need of them (anchors alone are harmless);
- merge keys (`<<`) are refused with them: they are aliases' companion;
- a key given twice in one mapping is refused: PyYAML keeps the last silently, so `roles: [member]`
  followed by `roles: [admin]` would pass as admin;
- a value PyYAML resolves but cannot build (`2027-02-30`, which its timestamp resolver takes for a date, or
  `0x_`) is a YAML error with its line, not a ValueError from deep inside the constructor.
Each refusal is a `yaml.MarkedYAMLError`, so callers report it with its line like any syntax error.

Fast, because the working-group file, the thesaurus and the Korean lexicon are read on every start of
`partnerbot ask`: libyaml's parser is ten times the pure-Python one, and the checks above cost nothing
on a good file (an alias is found as a node built twice, which the constructor already looks up).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node

if TYPE_CHECKING:
    from yaml import _yaml

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_KINDS = {
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
}


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML that our files may not hold; `problem_mark` is where it is."""

    def __init__(self, problem: str, mark: yaml.Mark | _yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)  # type: ignore[arg-type]  # libyaml's marks have the same fields


class StrictLoader(_Parser):
    """libyaml's (or PyYAML's) safe loader, refusing aliases, merge keys, duplicate keys and unbuildable values."""

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self._source = stream  # read again only to say where the first alias is

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # each node is built once from its parent; a node met again was reached through an alias
        if node in self.constructed_objects or node in self.recursive_objects:
            alias = self._first_alias()
            name = f"*{alias.anchor}" if alias is not None else ""
            raise RefusedYAML(
                f"alias {name} is not allowed (write the value out)", alias.start_mark if alias else node.start_mark
            )
        try:
            return super().construct_object(node, deep)
        except ValueError as error:
            what = _KINDS.get(str(node.tag), "value")
            raise RefusedYAML(f"{node.value} is not a valid {what} ({error})", node.start_mark) from None

    def flatten_mapping(self, node: MappingNode) -> None:
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RefusedYAML("merge keys (<<) are not allowed: write the keys out", key_node.start_mark)
        super().flatten_mapping(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """PyYAML's, refusing a key seen before in the same mapping."""
        self.flatten_mapping(node)
        mapping: dict[Hashable, Any] = {}
        lines: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                )
            if key in lines:
                raise RefusedYAML(f"duplicate key {key!r} (first at line {lines[key]})", key_node.start_mark)
            lines[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _first_alias(self) -> yaml.AliasEvent | None:
        """The first alias of the text, in reading order (the constructor meets them in its own order)."""
        for event in yaml.parse(self._source, Loader=_Parser):
            if isinstance(event, yaml.AliasEvent):
                return event
        return None


YAML_LOADER = StrictLoader


def load_yaml(text: str) -> Any:
    """The data of one YAML document; raises yaml.YAMLError (with the line) for anything refused."""
    return yaml.load(text, Loader=StrictLoader)


def load_yaml_with_nodes(text: str) -> tuple[Any, Node | None]:
    """The data and the node tree it was built from (which has the lines), from one parse."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def describe_error(error: yaml.YAMLError, text: str) -> tuple[int, str]:
    """The 1-based line of a YAML error in `text` and what it is, in one line (PyYAML's own text spans several)."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        what = ", ".join(part for part in (error.context, error.problem) if part)
        return (mark.line + 1 if mark is not None else 1), what or type(error).__name__
    if isinstance(error, yaml.reader.ReaderError):
        # a reader error has only an offset: libyaml's counts UTF-8 bytes, PyYAML's own reader characters
        if issubclass(_Parser, yaml.SafeLoader):
            line = text[: error.position].count("\n") + 1
        else:
            line = text.encode("utf-8")[: error.position].count(b"\n") + 1
        return line, f"unacceptable character #x{error.character:04x}: {error.reason}" if isinstance(
            error.character, int
        ) else error.reason
    return 1, str(error).splitlines()[0]

"""Read content sources into raw records that remember where they came from.

TOML has no line numbers after parsing, so the loader finds each ``[[kind]]`` header and
each ``key =`` line in the text itself.  Syntax errors become ``ContentError`` values; the
caller decides what to do with them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from desktop.content import ContentError
from desktop.content.schema import TABLE_KINDS

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_][\w.]*)\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=")
_TOML_LINE = re.compile(r"at line (\d+)")
MANIFEST = "content.toml"


@dataclass
class RawRecord:
    """One record as written, with its file and line numbers for error messages."""

    kind: str
    data: dict
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 0
    lines: list[str] = field(default_factory=list, repr=False)
    end: int = 0

    def line_of(self, key: str) -> int:
        """The line where ``key`` is set, or the record's first line."""
        return self.key_lines.get(key, self.line)

    def line_containing(self, text: str, key: str) -> int:
        """The first line at or after ``key`` (within this record) that contains ``text``."""
        start = self.line_of(key)
        for number in range(start, min(self.end, len(self.lines)) + 1):
            if text in self.lines[number - 1]:
                return number
        return start

    def error(self, message: str, key: str | None = None, near: str | None = None
              ) -> ContentError:
        """A ``ContentError`` at this record, at one of its keys, or at the line of
        ``near`` (a value inside a multi-line field)."""
        if key and near:
            return ContentError(self.file, self.line_containing(near, key), message)
        return ContentError(self.file, self.line_of(key) if key else self.line, message)


@dataclass
class LoadedContent:
    """Everything read from a content folder, plus the errors met while reading."""

    records: list[RawRecord] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_source(path: Path, result: LoadedContent) -> str | None:
    """A source file's text, or None after recording why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        result.errors.append(ContentError(display_path(path), line,
                                          "not valid UTF-8 text (save the file as UTF-8)"))
    except OSError as exc:
        result.errors.append(ContentError(display_path(path), 0,
                                          f"cannot be read: {exc.strerror or exc}"))
    return None


def _parse_toml(text: str, file: str, line_offset: int = 0) -> dict | ContentError:
    """The parsed document, or the syntax error at its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) + line_offset if match else line_offset + 1
        message = _TOML_LINE.sub("", str(exc)).replace("()", "").strip(" ,")
        return ContentError(file, line, f"TOML syntax error: {message}")


def _key_lines(lines: list[str], start: int, end: int, offset: int = 0) -> dict[str, int]:
    """Map each ``key =`` between two line indexes to its 1-based line number."""
    found: dict[str, int] = {}
    for index in range(start, end):
        match = _KEY.match(lines[index])
        if match and match.group(1) not in found:
            found[match.group(1)] = index + 1 + offset
    return found


def _headers(lines: list[str]) -> list[tuple[str, int]]:
    return [(m.group(1), i) for i, line in enumerate(lines) if (m := _HEADER.match(line))]


def _split_records(data: dict, lines: list[str], file: str, kinds: tuple[str, ...],
                   result: LoadedContent) -> None:
    """Turn ``[[kind]]`` arrays of one TOML document into raw records with line numbers."""
    headers = _headers(lines)
    bounds = [index for _, index in headers] + [len(lines)]
    seen: dict[str, int] = {}
    for kind, value in data.items():
        if kind not in kinds:
            line = next((i + 1 for name, i in headers if name == kind), 1)
            result.errors.append(ContentError(
                file, line, f"unknown record kind '{kind}' (expected one of: "
                f"{', '.join(kinds)})"))
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            result.errors.append(ContentError(file, 1, f"'{kind}' must be written as [[{kind}]]"))
            continue
        positions = [n for n, (name, _) in enumerate(headers) if name == kind]
        for number, record in enumerate(value):
            seen[kind] = number
            if number < len(positions):
                pos = positions[number]
                start, end = bounds[pos], bounds[pos + 1]
            else:
                start, end = 0, 0
            result.records.append(RawRecord(kind, record, file, start + 1,
                                            _key_lines(lines, start + 1, end),
                                            lines=lines, end=end))


def load_table_file(path: Path, result: LoadedContent) -> None:
    """Load one top-level TOML file of ``[[kind]]`` records."""
    file = display_path(path)
    text = read_source(path, result)
    if text is None:
        return
    data = _parse_toml(text, file)
    if isinstance(data, ContentError):
        result.errors.append(data)
        return
    _split_records(data, text.splitlines(), file, TABLE_KINDS, result)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``+++``-delimited TOML front matter from a Markdown body.

    Returns (header, body, body_first_line) or None when there is no header.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    return None


def load_guide(path: Path, result: LoadedContent) -> None:
    """Load one Markdown guide with a ``+++`` TOML header; the file name is its id."""
    file = display_path(path)
    text = read_source(path, result)
    if text is None:
        return
    parts = split_front_matter(text)
    if parts is None:
        result.errors.append(ContentError(file, 1, "a guide must start with a +++ TOML "
                                          "header closed by another +++ line"))
        return
    header, body, body_line = parts
    data = _parse_toml(header, file, line_offset=1)
    if isinstance(data, ContentError):
        result.errors.append(data)
        return
    if "id" in data or "body" in data:
        result.errors.append(ContentError(file, 2, "a guide's id is its file name and its "
                                          "body follows the header; remove 'id'/'body'"))
    lines = header.splitlines()
    all_lines = text.splitlines()
    record = RawRecord("guide", {**data, "id": path.stem, "body": body}, file, 1,
                       _key_lines(lines, 0, len(lines), offset=1), body_line,
                       lines=all_lines, end=len(all_lines))
    record.key_lines.setdefault("body", body_line)
    result.records.append(record)


def load_checklist(path: Path, result: LoadedContent) -> None:
    """Load one checklist file: header keys, then ``[[item]]`` records."""
    file = display_path(path)
    text = read_source(path, result)
    if text is None:
        return
    data = _parse_toml(text, file)
    if isinstance(data, ContentError):
        result.errors.append(data)
        return
    lines = text.splitlines()
    headers = _headers(lines)
    first = headers[0][1] if headers else len(lines)
    if "id" in data:
        result.errors.append(ContentError(file, 1, "a checklist's id is its file name; "
                                          "remove 'id'"))
    record = RawRecord("checklist", {**data, "id": path.stem}, file, 1,
                       _key_lines(lines, 0, first), lines=lines, end=first)
    items = data.get("item")
    if isinstance(items, list):
        bounds = [i for name, i in headers if name == "item"] + [len(lines)]
        record.data["item"] = [
            RawRecord("item", item, file, bounds[n] + 1 if n < len(bounds) - 1 else 1,
                      _key_lines(lines, bounds[n] + 1, bounds[n + 1])
                      if n < len(bounds) - 1 else {}, lines=lines,
                      end=bounds[n + 1] if n < len(bounds) - 1 else 0)
            if isinstance(item, dict) else item
            for n, item in enumerate(items)
        ]
    result.records.append(record)


def load_content(folder: Path) -> LoadedContent:
    """Read every content source below ``folder`` (top-level TOML, guides/, checklists/)."""
    result = LoadedContent()
    folder = Path(folder)
    if not folder.is_dir():
        result.errors.append(ContentError(display_path(folder), 0,
                                          "content folder not found"))
        return result
    for path in sorted(folder.glob("*.toml")):
        if path.name == MANIFEST:
            text = read_source(path, result)
            if text is None:
                continue
            data = _parse_toml(text, display_path(path))
            if isinstance(data, ContentError):
                result.errors.append(data)
            else:
                result.manifest = data
            continue
        load_table_file(path, result)
    for path in sorted((folder / "guides").glob("*.md")):
        load_guide(path, result)
    for path in sorted((folder / "checklists").glob("*.toml")):
        load_checklist(path, result)
    return result

"""Safe loading of feed bytes as XML or JSON, with FeedError messages that name the file."""

from __future__ import annotations

import json
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from desktop.feeds import FeedError


def load_xml(data: bytes, name: str) -> Element:
    """Parse XML with defusedxml: entity declarations and external references are refused."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"{name}: refused to read the XML: it declares entities or external "
                        f"references, which feeds never need ({type(exc).__name__})") from None
    except ParseError as exc:
        raise FeedError(f"{name}: not well-formed XML ({exc}); the file may be truncated "
                        f"or not a feed") from None


def load_json(data: bytes, name: str) -> object:
    """Parse JSON (UTF-8, BOM allowed)."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedError(f"{name}: not UTF-8 text, so not a saved JSON feed") from None
    except json.JSONDecodeError as exc:
        raise FeedError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno} column "
                        f"{exc.colno}); the file may be truncated") from None
    except RecursionError:
        raise FeedError(f"{name}: JSON nested too deeply to be a feed") from None


def text_of(el: Element | None) -> str:
    """All the text inside an element (CDATA included), stripped; '' for None."""
    return "".join(el.itertext()).strip() if el is not None else ""


def where(name: str, index: int, label: str | None = None) -> str:
    """Prefix for messages about one item: 'file.xml: item 3 (Russia)'."""
    return f"{name}: item {index}" + (f" ({label})" if label else "")

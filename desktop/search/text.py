"""Text normalisation shared by the index builder and the query: one definition, both sides.

Indexing and querying must agree on what a token is and how it is spelt in Latin letters,
so both use these functions.
"""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def normalise(text: str) -> str:
    """NFC, lower case, and the Russian ё folded to е (unicode61 keeps them apart).

    Lower-casing that adds a combining mark (Turkish "İ" becomes "i" + U+0307) would split
    a word in two, so such marks are dropped again.
    """
    lowered = unicodedata.normalize("NFC", text or "").lower()
    if "\u0307" in lowered:
        lowered = unicodedata.normalize("NFC", lowered.replace("\u0307", ""))
    return lowered.replace("ё", "е")


def latin(text: str) -> str:
    """A Latin-letter spelling of the text (Cyrillic and other scripts transliterated), as
    people type it: "посольство" is "posolstvo", the soft and hard signs' apostrophes
    left out (the index would cut "posol'stvo" in two)."""
    from anyascii import anyascii  # its tables load on first use

    return anyascii(normalise(text)).lower().replace("'", "")


def is_cyrillic(text: str) -> bool:
    """True when the text holds a Cyrillic letter."""
    return CYRILLIC.search(text or "") is not None


def needs_latin(text: str) -> bool:
    """True when the text has letters outside ASCII, so a Latin copy adds something."""
    return any(ord(ch) > 127 and ch.isalpha() for ch in text or "")


def latin_copy(text: str) -> str:
    """The Latin spelling of just the words written in another script ('' if none)."""
    return " ".join(latin(word) for word in tokens(text) if needs_latin(word))


def tokens(text: str) -> list[str]:
    """Word tokens of a text after normalisation (FTS syntax characters are dropped)."""
    return TOKEN.findall(normalise(text).replace("_", " "))


# "U.S.", "U.K.", "U.S.A.": letters each followed by a dot are one abbreviation ("US").
ABBREVIATION = re.compile(r"(?<!\w)((?:[^\W\d_]\.){2,})")


def join_abbreviations(text: str) -> str:
    """Write dotted abbreviations without their dots ("U.S. Embassy" -> "US Embassy")."""
    if "." not in text:
        return text
    return ABBREVIATION.sub(lambda m: m.group(1).replace(".", "") + " ", text)


def cased_tokens(text: str) -> list[str]:
    """Word tokens as written (case kept, ё folded, abbreviations joined): the index needs
    to know that "US" was written in capitals, where "us" is only a pronoun."""
    folded = unicodedata.normalize("NFC", text or "").replace("ё", "е").replace("Ё", "Е")
    return TOKEN.findall(join_abbreviations(folded).replace("_", " "))


def words(text: str) -> list[str]:
    """Normalised word tokens with dotted abbreviations joined (the query's words)."""
    return [normalise(token) for token in cased_tokens(text)]

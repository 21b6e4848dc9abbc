"""Text normalisation shared by the index builder and the query: one definition, both sides.

Indexing and querying must agree on what a token is and how it is spelt in Latin letters,
so both use these functions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# Russian typed in Latin letters, back to Cyrillic: the longest letter group first.  One
# guess per word (the commonest reading: "c" as in "granica" is ц, "y" before a vowel or
# after one at the end is й, else ы), good enough to find the word's Russian stem.
_TO_CYRILLIC = sorted({
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ch": "ч", "sh": "ш", "ts": "ц",
    "tz": "ц", "ya": "я", "ia": "ия", "yu": "ю", "iu": "ию", "yo": "е", "ye": "ые", "ei": "ей",
    "ey": "ей", "iy": "ий", "yi": "ий", "ii": "ий", "ij": "ий", "oy": "ой", "oi": "ой",
    "ay": "ай", "uy": "уй", "a": "а", "b": "б", "v": "в", "w": "в", "g": "г", "d": "д",
    "e": "е", "z": "з", "i": "и", "j": "й", "k": "к", "q": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
    "h": "х", "c": "ц", "x": "кс", "y": "ы",
}.items(), key=lambda pair: -len(pair[0]))
_VOWELS = "аеиоуыэюя"
_ENDING_DIGRAPHS = {"ia", "iu", "ye", "ei", "ey", "iy", "yi", "ii", "ij", "oy", "oi", "ay",
                    "uy"}


@lru_cache(maxsize=50_000)
def cyrillic_guess(word: str) -> str:
    """How a Russian word typed in Latin letters is written in Cyrillic ("finlyandiyu" ->
    "финляндию", "granitsa" -> "граница"), or '' for a word that is not plain a-z.

    The two-letter endings -ia, -ye, -ei, -iy, -oy … read as -ия, -ые, -ей, -ий, -ой only
    at the end of the word; inside one, an "i" after a vowel and before a consonant is й
    ("dvoinoe" -> "двойное")."""
    if not word.isascii() or not word.isalpha():
        return ""
    out, at = ([], 0) if not word.startswith("ye") else (["е"], 2)  # "yerevan": Ереван
    while at < len(word):
        for latin_part, cyrillic in _TO_CYRILLIC:
            if not word.startswith(latin_part, at):
                continue
            end = at + len(latin_part)
            if latin_part in _ENDING_DIGRAPHS and end != len(word):
                continue
            if (cyrillic == "и" and out and out[-1][-1] in _VOWELS and end < len(word)
                    and word[end] not in "aeiouy"):
                cyrillic = "й"
            out.append(cyrillic)
            at = end
            break
    return "".join(out)


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

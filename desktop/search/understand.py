"""What a person typed -> the concepts to match and what they are asking for (no Qt).

Each word (or vocabulary phrase: "united states", "how to say") becomes a *concept*: a few
FTS5 alternatives of which a record must match one: the word as typed (a prefix while it is
still being typed), its stem, its Latin spelling, and the synonym keys it carries.  Stop
words are left out unless the query has nothing else.  The keys also tell the intent: the
kinds of record asked for ("phone" -> contacts), the ways of travelling ("fly" -> air
routes), the countries named and the nationalities ("British" -> that passport).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.content.schema import PAGE_KINDS, ROUTE_MODES
from desktop.search.analyze import KEY_MARK, Vocabulary, is_key, key_token, stem
from desktop.search.query import ParsedQuery, parse, quote, term_alternatives
from desktop.search.stopwords import is_negation, is_stop
from desktop.search.text import cyrillic_guess

_KINDS = {key_token("k", kind): kind for kind in PAGE_KINDS}
NAME_COLUMNS = ("title", "aliases", "title_latin", "keys")  # the index's name columns
_MODES = {key_token("m", mode): mode for mode in ROUTE_MODES}


@dataclass(frozen=True)
class Concept:
    """One thing the person asked for: a word or a phrase, and how it may be matched."""

    text: str                  # as typed (normalised): what a note names
    options: tuple[str, ...]   # FTS5 alternatives (quoted terms, phrases, keys)
    keys: frozenset[str] = frozenset()
    prefix: bool = False       # the last word, still being typed
    literal: tuple[str, ...] = ()  # the options for the words themselves (not keys)

    @property
    def match(self) -> str:
        """The FTS5 expression matching any one of the options."""
        return self.options[0] if len(self.options) == 1 else (
            "(" + " OR ".join(self.options) + ")")


@dataclass(frozen=True)
class Understanding:
    """A query as concepts plus its intent (kinds, modes, countries, nationalities)."""

    text: str
    concepts: tuple[Concept, ...]
    stops: tuple[Concept, ...] = ()  # stop words: not matched, but they count in a name
    parsed: ParsedQuery = ParsedQuery((), False)  # the words as typed, in order
    kinds: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()

    @property
    def plain(self) -> str:
        """The query as typed, trimmed and in lower case (to compare with a title)."""
        return self.text.strip().lower()

    @property
    def names_country(self) -> str:
        """The country code when the whole query is one country's name ("Финляндия")."""
        if len(self.concepts) == 1 and len(self.countries) == 1:
            return next(iter(self.countries))
        return ""

    def stems(self) -> list[str]:
        """The stems of the concepts' words that differ from the words (for marking)."""
        return [stem(w) for c in self.concepts for w in c.text.split()
                if stem(w) != w and not is_key(stem(w))]

    def all_of(self, concepts: tuple[Concept, ...] | None = None) -> str:
        """FTS5: every concept must match."""
        return " AND ".join(c.match for c in (self.concepts if concepts is None
                                               else concepts))

    def any_of(self) -> str:
        """FTS5: at least one concept matches."""
        return " OR ".join(c.match for c in self.concepts)


def concept_forms(concept: Concept) -> tuple[set[str], tuple[str, ...], frozenset[str]]:
    """The index terms a concept matches: its own words (exact, and prefixes for the last
    word) apart from its synonym keys.  A phrase counts by its first word."""
    exact: set[str] = set()
    prefixes: list[str] = []
    for option in concept.literal:
        if option.startswith("("):
            continue  # a phrase's words apart
        term = option.strip('"*').replace('""', '"')
        if " " in term:
            term = stem(term.split()[0])
        if option.endswith("*"):
            prefixes.append(term)
        else:
            exact.add(term)
    return exact, tuple(prefixes), concept.keys


def word_concept(word: str, *, prefix: bool = False, keys: frozenset[str] = frozenset()
                 ) -> Concept:
    """The concept of one word: as typed, its stem, its Latin spelling, its keys."""
    star = "*" if prefix else ""
    options = [quote(alt) + star for alt in term_alternatives(word)]
    stemmed = stem(word)
    # A synonym key of its words (a country's or a group's) is written beside every form
    # of the word already, so the stem would only make the match slower.
    by_words = any(key[1:2] in ("c", "g") for key in keys)
    if stemmed and stemmed != word and not by_words:
        options.append(quote(stemmed))
    return Concept(word, _asking(options, keys), keys, prefix, tuple(options))


def _phrase_concept(tokens: list[str], keys: frozenset[str]) -> Concept:
    """A vocabulary phrase: the words together, its keys, or its words apart (not when
    it holds a negation: "no" somewhere and "visa" elsewhere is not "no visa")."""
    options = [quote(" ".join(tokens))]
    apart = [word_concept(t).match for t in tokens if not is_stop(t)]
    if apart and not any(is_negation(t) for t in tokens):
        options.append(apart[0] if len(apart) == 1 else "(" + " AND ".join(apart) + ")")
    return Concept(" ".join(tokens), _asking(options, keys), keys, literal=tuple(options))


def _asking(options: list[str], keys: frozenset[str]) -> tuple[str, ...]:
    """The options of a word plus its keys.  A word that asks for a kind of record
    ("phone number" -> contacts) counts as written only in names: every contact has a
    phone, and a text that mentions "phone number" is not more of one."""
    options = list(dict.fromkeys(options))
    if any(key[1:2] == "k" for key in keys):
        options = ["{" + " ".join(NAME_COLUMNS) + "} : (" + " OR ".join(options) + ")"]
    return tuple(options + [quote(key) for key in sorted(keys)])


def _spans(stems: list[str], vocab: Vocabulary) -> dict[int, tuple[int, set[str]]]:
    """Start -> (end, keys) of the vocabulary phrases, longest first, not overlapping."""
    found: dict[int, tuple[int, set[str]]] = {}
    taken_to = 0
    for start, end, keys in vocab.matches(stems):
        if start >= taken_to and start not in found:
            found[start] = (end, keys)
            taken_to = end
    return found


def _as_russian(tokens: list[str], stems: list[str], spans: dict[int, tuple[int, set[str]]],
                vocab: Vocabulary) -> tuple[dict[int, tuple[int, set[str]]], list[str],
                                            set[int]]:
    """Russian typed in Latin letters: the words no vocabulary phrase covers, read back
    into Cyrillic ("viza v finlyandiyu" -> "виза в финляндию"), may be vocabulary words
    in another case than the Latin spelling the index holds.  Returns the spans with
    those found added, the stems to look phrases up by, and the words that are Russian
    stop words ("kak", "chto")."""
    covered = {i for start, (end, _) in spans.items() for i in range(start, end)}
    guessed, stops = list(stems), set()
    for i, token in enumerate(tokens):
        if i in covered or is_stop(token) or is_negation(token):
            continue
        cyrillic = cyrillic_guess(token)
        if not cyrillic:
            continue
        if is_stop(cyrillic):  # (never a negation: those are not stop words)
            stops.add(i)
        elif len(token) >= 3:
            guessed[i] = stem(cyrillic)
    if guessed == stems:
        return spans, stems, stops
    merged, lookup = dict(spans), list(stems)
    for start, (end, keys) in _spans(guessed, vocab).items():
        inside = range(start, end)
        if covered.isdisjoint(inside) and any(guessed[i] != stems[i] for i in inside):
            merged[start] = (end, keys)
            lookup[start:end] = guessed[start:end]
    return merged, lookup, stops


def understand(text: str, vocab: Vocabulary, *, as_you_type: bool = True) -> Understanding:
    """The concepts and intent of a query (stop words out, vocabulary phrases in)."""
    return understand_parsed(parse(text, as_you_type=as_you_type), vocab, text)


def understand_parsed(parsed: ParsedQuery, vocab: Vocabulary, text: str | None = None
                      ) -> Understanding:
    """The concepts and intent of a query already cut into words (the spelling fix types
    the words again with one changed)."""
    tokens, prefix = list(parsed.terms), parsed.prefix_last
    text = " ".join(tokens) if text is None else text
    stems = [stem(t) for t in tokens]
    spans, stems, russian_stops = _as_russian(tokens, stems, _spans(stems, vocab), vocab)
    concepts: list[Concept] = []
    stops: list[Concept] = []
    people: set[str] = set()
    index = 0
    while index < len(tokens):
        is_last = index == len(tokens) - 1
        if index in spans:
            end, keys = spans[index]
            phrase = tuple(stems[index:end])
            people.update(vocab.people.get(phrase, ()))
            for word in phrase if end - index > 1 else ():  # "American Citizen Services"
                people.update(vocab.people.get((word,), ()))
            if end - index == 1:
                concepts.append(word_concept(tokens[index], prefix=prefix and is_last,
                                             keys=frozenset(keys)))
            else:
                concepts.append(_phrase_concept(tokens[index:end], frozenset(keys)))
            index = end
            continue
        concept = word_concept(tokens[index], prefix=prefix and is_last)
        stop = is_stop(tokens[index]) or index in russian_stops
        (stops if stop else concepts).append(concept)
        index += 1
    if not concepts:
        concepts, stops = stops, []  # "what is it": nothing but stop words, so keep them
    keys = {key for c in concepts for key in c.keys}
    return Understanding(
        text=text, concepts=tuple(concepts), stops=tuple(stops), parsed=parsed,
        kinds=frozenset(_KINDS[k] for k in keys if k in _KINDS),
        modes=frozenset(_MODES[k] for k in keys if k in _MODES),
        countries=frozenset(k[2:].upper() for k in keys if k.startswith(KEY_MARK + "c")),
        people=frozenset(k[2:].upper() for k in people))

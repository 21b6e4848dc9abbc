"""What each kind of content record may and must contain.

A field spec is ``(type, required)``.  Types are checked by ``desktop.content.validate``.
The built database's tables mirror these kinds; ``SCHEMA_VERSION`` changes whenever the
built database's tables change in a way older readers cannot handle.
"""

from __future__ import annotations

SCHEMA_VERSION = 3  # 3: search vocabulary (synonyms), stems and keys in the index

CONFIDENCES = ("verified", "likely", "unsure")

COMMON = {
    "id": ("id", True),
    "source": ("sources", True),
    # When the record was last compared with its sources (not when the situation held).
    "checked_on": ("date", True),
    # The date of the situation the record describes ("as of"); defaults at build time to
    # the record's own status or issue date, else the content set's as-of date.
    "as_of": ("date", False),
    "confidence": (CONFIDENCES, False),
    # Fields of this record whose values are not confirmed by its sources, so a display can
    # mark exactly those values ("unconfirmed" beside the number), e.g. ["address_local"].
    "unconfirmed": ("fieldlist", False),
}
# Fields a person acts on first: the values shown in headlines (overview, planner, contact
# sheet, wallet card).  The content audit reports any of them that is unconfirmed.
HEADLINE_FIELDS = {
    "country": ("emergency", "police", "ambulance", "fire"),
    "contact": ("phones", "status"),
    "route": ("status", "who_may_pass"),
    "entry_rule": ("visa", "days", "who_may_enter"),
    "advisory": ("issuer_label", "level", "issued_on"),
}
# Fields that are bookkeeping, not facts: a source cannot "support" them and they cannot be
# unconfirmed.
META_FIELDS = ("id", "source", "checked_on", "confidence", "unconfirmed")

ISSUERS = ("US", "UK", "CA", "AU")
ISSUER_NAMES = {
    "US": "U.S. Department of State",
    "UK": "UK Foreign, Commonwealth & Development Office",
    "CA": "Government of Canada",
    "AU": "Australian Government (Smartraveller)",
}
LEVEL_LABELS = {1: "Normal precautions", 2: "Increased caution", 3: "Reconsider travel",
                4: "Do not travel"}
ROUTE_MODES = ("road", "rail", "foot", "ferry", "air")
ROUTE_STATUSES = ("open", "restricted", "closed", "unknown")
CONTACT_KINDS = ("embassy", "consulate", "hotline", "emergency")
CONTACT_STATUSES = ("operating", "limited", "suspended", "closed")
VISA_KINDS = ("visa-free", "visa-required", "e-visa", "visa-on-arrival", "no-entry")
PHRASE_CATEGORIES = ("border", "checkpoint", "hospital", "taxi", "general")
PRIORITIES = ("high", "normal", "low")
PAGE_KINDS_FOR_SEARCH = ("country", "advisory", "route", "entry_rule", "contact", "guide",
                         "checklist", "phrase", "city")

FIELDS: dict[str, dict[str, tuple[object, bool]]] = {
    "source": {
        "id": ("id", True),
        "publisher": ("str", True),
        "title": ("str", True),
        "url": ("url", False),
        "retrieved_on": ("date", True),
        "licence": ("str", False),
    },
    "country": {
        **COMMON,
        "id": ("iso2", True),
        "name": ("str", False),
        "name_local": ("str", False),
        "emergency": ("shortnum", True),
        "police": ("shortnum", False),
        "ambulance": ("shortnum", False),
        "fire": ("shortnum", False),
        "notes": ("markdown", False),
    },
    "advisory": {
        **COMMON,
        "country": ("country", True),
        "issuer": (ISSUERS, True),
        "issuer_level": ("str", True),
        "issuer_label": ("str", True),
        "level": ("level", True),
        "issued_on": ("date", True),
        "summary": ("markdown", True),
        "body": ("markdown", True),
        "url": ("url", False),
        "regional": ("bool", False),
    },
    "route": {
        **COMMON,
        "from": ("country", True),
        "to": ("country", True),
        "name": ("str", True),
        "name_local": ("str", False),
        "aliases": ("list", False),
        "mode": (ROUTE_MODES, True),
        "lat": ("lat", True),
        "lon": ("lon", True),
        "status": (ROUTE_STATUSES, True),
        "status_as_of": ("date", True),
        "advice": (("open", "not-advised"), False),
        # Ids of the cities (cities.toml) a flight leaves from; required for mode = "air".
        "departs_from": ("citylist", False),
        "hours": ("str", False),
        "typical_wait": ("str", False),
        "who_may_pass": ("markdown", False),
        "notes": ("markdown", False),
        # countries a straight line from a city to this crossing passes through,
        # acknowledged by the author (checked against the map at build time)
        "via": ("iso2list", False),
    },
    "entry_rule": {
        **COMMON,
        "destination": ("country", True),
        "passport": ("iso2", True),
        "visa": (VISA_KINDS, True),
        "days": ("int", False),
        "period": ("str", False),
        # Entry open only to some travellers with this passport (say who): a way out
        # relying on the rule is "restricted", never "can go" or "visa first".
        "who_may_enter": ("markdown", False),
        "documents": ("markdown", False),
        "notes": ("markdown", False),
    },
    "contact": {
        **COMMON,
        "country": ("iso2", True),
        "city": ("str", False),
        "kind": (CONTACT_KINDS, True),
        "name": ("str", True),
        "serves": ("iso2list", False),
        "address": ("str", False),
        "address_local": ("str", False),
        "phones": ("phones", True),
        "email": ("email", False),
        "website": ("url", False),
        "hours": ("str", False),
        # For a government's hotline: its registration or alert service for travellers
        # (STEP, Registration of Canadians Abroad, ...), what it does, and its address.
        "registration": ("str", False),
        "registration_url": ("url", False),
        "status": (CONTACT_STATUSES, True),
        "status_as_of": ("date", False),
        "lat": ("lat", False),
        "lon": ("lon", False),
        "notes": ("markdown", False),
    },
    "city": {
        **COMMON,
        "name": ("str", True),
        "name_local": ("str", False),
        "country": ("country", True),
        "lat": ("lat", True),
        "lon": ("lon", True),
        # countries straight lines from this city to ways out pass through (acknowledged)
        "via": ("iso2list", False),
    },
    "phrase": {
        **COMMON,
        "category": (PHRASE_CATEGORIES, True),
        "english": ("str", True),
        "local": ("str", True),
        "translit": ("str", True),
        "language": ("str", True),
        "card": ("bool", False),
        # A phrase that names a nationality is a variant of a neutral phrase (its id) for
        # one passport; a card shows the variant for the traveller's passport, else the
        # neutral phrase, never another nationality's.
        "variant_of": ("id", False),
        "nationality": ("iso2", False),
    },
    "guide": {
        **COMMON,
        "title": ("str", True),
        "summary": ("markdown", True),
        "country": ("country", False),
        "tags": ("list", False),
        # Where the guide comes in the Guides list (as authored; unset: after the others).
        "position": ("int", False),
        "body": ("markdown", True),
    },
    "checklist": {
        **COMMON,
        "title": ("str", True),
        "summary": ("markdown", False),
        "country": ("country", False),
        # Where the checklist comes in the Checklists list (the order to work through them).
        "position": ("int", False),
        "item": ("items", True),
    },
    # Search vocabulary (synonyms.toml): words people type for the same thing.  Not facts,
    # so no source or dates.  At most one of country, countries (a region), kind and mode.
    "synonym": {
        "id": ("id", True),
        "words": ("list", True),
        "people": ("list", False),
        "country": ("iso2", False),
        "countries": ("iso2list", False),  # a region: its words stand for these countries
        "kind": (PAGE_KINDS_FOR_SEARCH, False),
        "mode": (ROUTE_MODES, False),
    },
    "item": {
        "id": ("id", True),
        "text": ("itemtext", True),
        "detail": ("markdown", False),
        "priority": (PRIORITIES, False),
        # Like every record: how sure we are (default: the checklist's), its own sources
        # (default: the checklist's) and any unconfirmed fields.
        "confidence": (CONFIDENCES, False),
        "source": ("sources", False),
        "unconfirmed": ("fieldlist", False),
    },
}

# Kinds written as [[kind]] arrays in the top-level TOML files.
TABLE_KINDS = ("source", "country", "advisory", "route", "entry_rule", "contact", "city",
               "phrase", "synonym")
# Kinds that are not facts (the sources themselves, the search vocabulary): they cite no
# source, have no confidence or dates, no page, and are not searched as records.
NON_FACT_KINDS = ("source", "synonym")
# Kinds whose rows have no source or date columns of their own: those, and checklist items
# (which may cite sources, but default to their checklist's).
UNSOURCED_KINDS = (*NON_FACT_KINDS, "item")
# Every kind a person can open, search or link to (sp://KIND/ID).
PAGE_KINDS = PAGE_KINDS_FOR_SEARCH
KIND_LABELS = {
    "country": "Country", "advisory": "Advisory", "route": "Exit route",
    "entry_rule": "Entry rule", "contact": "Contact", "guide": "Guide",
    "checklist": "Checklist", "phrase": "Phrase", "city": "City",
}
# Table names in the built database.
TABLES = {
    "source": "sources", "country": "countries", "advisory": "advisories",
    "route": "routes", "entry_rule": "entry_rules", "contact": "contacts",
    "city": "cities", "phrase": "phrases", "guide": "guides", "checklist": "checklists",
    "synonym": "synonyms",
}
CHECKLIST_ITEM_MAX = 80
# Columns of the built database that hold JSON (the build writes them, readers decode
# them, the pack check checks them): lists, except those in JSON_OBJECTS.  A column from an
# optional field is NULL where a record leaves the field out.
JSON_COLUMNS = ("aliases", "serves", "phones", "tags", "sources", "supports", "unconfirmed",
                "departs_from", "via", "words", "people")
JSON_OBJECTS = ("supports",)  # source id -> the fields it supports

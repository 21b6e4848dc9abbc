"""The search documents and the FTS5 index written into the content database.

One document per record a person can open (cities included): its title, aliases and body
as written (for display, snippets and exact words), their Latin transliterations, and two
columns of *terms* for the query's understanding: ``keys`` (stems of the title and aliases,
plus the keys of the record's kind, countries, passports and mode) and ``body_keys`` (stems
of the body and the keys its words carry).  See ``desktop.search.analyze``.
"""

from __future__ import annotations

import sqlite_utils

from desktop.content import country_name
from desktop.content.schema import ISSUER_NAMES, NON_FACT_KINDS, TABLES
from desktop.search.analyze import Vocabulary, index_terms, key_token
from desktop.search.text import latin_copy

FTS_COLUMNS = ["title", "aliases", "body", "title_latin", "body_latin", "keys", "body_keys"]
# bm25 weights, in FTS_COLUMNS order: names and aliases count far more than body text.
RANK_WEIGHTS = "bm25(20.0, 16.0, 1.0, 12.0, 1.0, 16.0, 1.0)"
TOKENIZE = "unicode61 remove_diacritics 2"
# The country of an advisory's issuer (whose people it is written for).
ISSUER_COUNTRY = {"US": "US", "UK": "GB", "CA": "CA", "AU": "AU"}


def _fields(kind: str, row: dict, name, items: list[dict] | None, home_country: str
            ) -> tuple[str, list[str], list[str], str, list[str], list[str]]:
    """(title, aliases, body, country, audience, countries in the body) of a record."""
    title, aliases, body, country, audience, mentioned = "", [], [], "", [], []
    if kind == "country":
        country = row["id"]
        title = name(row["id"])
        numbers = [f"{label} {row[key]}" for key, label in (
            ("emergency", "emergency"), ("police", "police"), ("ambulance", "ambulance"),
            ("fire", "fire")) if row.get(key)]
        aliases = [row.get("name_local") or "", row["id"], "emergency numbers", *numbers]
        body = [row.get("notes_text", "")]
    elif kind == "advisory":
        country = row["country"]
        audience = [ISSUER_COUNTRY.get(row["issuer"], "")]
        title = (f"{name(country)} travel advice: {row['issuer_label']} "
                 f"({ISSUER_NAMES[row['issuer']]})")
        aliases = [row["issuer"], row["issuer_level"], "advisory", "travel advice"]
        body = [row.get("summary_text", ""), row.get("body_text", "")]
    elif kind == "route":
        # Ranked by where it leads: every route of a country's content leaves that country.
        country = row["to_country"]
        mentioned = [row["from_country"]]
        title = row["name"]
        aliases = [row.get("name_local") or "", *row.get("aliases", [])]
        body = [f"{row['mode']} {name(row['from_country'])} to {name(row['to_country'])} "
                f"status {row['status']}", row.get("who_may_pass_text", ""),
                row.get("typical_wait") or "", row.get("hours") or "", row.get("notes_text", "")]
    elif kind == "entry_rule":
        country = row["destination"]
        audience = [row["passport"]]
        title = (f"{name(row['passport'])} passport into {name(row['destination'])}: "
                 f"{row['visa'].replace('-', ' ')}")
        aliases = [row.get("period") or "", "entry rules", "visa"]
        body = [row.get("who_may_enter_text", ""), row.get("documents_text", ""),
                row.get("notes_text", "")]
    elif kind == "contact":
        country = row["country"]
        audience = list(row.get("serves") or [])
        title = row["name"]
        aliases = [row.get("city") or "", row["kind"]]
        body = [row.get("address") or "", row.get("address_local") or "",
                *(f"{p['display']} {p['e164']} {p['label']}" for p in row["phones"]),
                row.get("email") or "", row.get("hours") or "", row.get("notes_text", ""),
                row.get("registration") or ""]
    elif kind == "city":
        country = row["country"]
        title = row["name"]
        aliases = [row.get("name_local") or ""]
        body = [f"city in {name(row['country'])}"]
    elif kind in ("guide", "checklist"):
        mentioned = [row.get("country") or ""]
        title = row["title"]
        aliases = list(row.get("tags", [])) if kind == "guide" else ["checklist"]
        body = [row.get("summary_text", ""), row.get("body_text", "")]
        body += [f"{item['text']} {item.get('detail_text', '')}" for item in items or []]
    elif kind == "phrase":
        country = home_country  # phrases are for the country the content is about
        audience = [row["nationality"]] if row.get("nationality") else []
        title = row["english"]
        aliases = [row["local"], row["translit"]]
        body = [f"phrase {row['category']}"]
    return title, aliases, body, country, audience, mentioned


def make_doc(kind: str, row: dict, names: dict[str, str], vocab: Vocabulary,
             items: list[dict] | None = None, home_country: str = "") -> dict:
    """The search document for one record."""
    def name(code: str) -> str:
        return country_name(code, names) if code else ""

    title, aliases, body, country, audience, mentioned = _fields(kind, row, name, items,
                                                                 home_country)
    alias_text = " · ".join(a for a in aliases if a)
    body_text = "\n".join(b for b in body if b)
    head = f"{title} {alias_text}"
    # The record's own keys: its kind, its countries and passports, a route's mode.
    # (A phrase is for the content's country, but is not about it: that key goes with the
    # body's words.)
    head_countries = audience if kind == "phrase" else [country, *audience]
    if kind == "phrase":
        mentioned = [country]
    own = [key_token("k", kind)]
    own += [key_token("c", code) for code in dict.fromkeys(head_countries) if code]
    if kind == "route":
        own.append(key_token("m", row["mode"]))
    return {
        "kind": kind, "record_id": row["id"], "country": country,
        "display_title": title,
        "audience": " ".join(code for code in audience if code),
        "title": title, "aliases": alias_text, "body": body_text,
        "title_latin": latin_copy(head),
        "body_latin": latin_copy(body_text),
        "keys": index_terms(head, vocab, stops=True, extra=own),
        "body_keys": index_terms(body_text, vocab, extra=[key_token("c", c)
                                                          for c in mentioned if c]),
    }


def search_documents(tables: dict[str, list[dict]], vocab: Vocabulary,
                     home_country: str = "") -> list[dict]:
    """One search document per record a person can open, in a stable order."""
    names = {row["id"]: row.get("name") or country_name(row["id"])
             for row in tables["countries"]}
    items: dict[str, list[dict]] = {}
    for item in tables["checklist_items"]:
        items.setdefault(item["checklist_id"], []).append(item)
    docs = []
    for kind, table in TABLES.items():
        if kind in NON_FACT_KINDS:
            continue
        for row in tables.get(table, []):
            docs.append(make_doc(kind, row, names, vocab, items.get(row["id"]), home_country))
    return docs


def create_search_index(db: sqlite_utils.Database) -> None:
    """The FTS5 index over ``search_docs`` with prefix indexes and bm25 weights.

    Written by hand rather than with ``enable_fts`` because the 2- and 3-character prefix
    indexes (``prefix='2 3'``) are what keep as-you-type search fast on large packs.
    """
    columns = ", ".join(FTS_COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE search_docs_fts USING fts5({columns}, "
               f"content='search_docs', content_rowid='rowid', tokenize='{TOKENIZE}', "
               f"prefix='2 3')")
    db.execute("INSERT INTO search_docs_fts(search_docs_fts) VALUES('rebuild')")
    db.execute(f"INSERT INTO search_docs_fts(search_docs_fts, rank) VALUES('rank', "
               f"'{RANK_WEIGHTS}')")
    db.execute("INSERT INTO search_docs_fts(search_docs_fts) VALUES('optimize')")

"""Xapian's QueryParser on the same records and queries: the anchor DESIGN.md names.

Benchmark only, never a dependency: ``make bench`` runs this file with a Python that has
Debian's ``python3-xapian`` (``/usr/bin/python3``) when there is one, and skips it when
not.  It uses the standard library and xapian only, so it runs outside the project's venv:

    python3 desktop/bench_xapian.py CONTENT_DB QUERIES_TOML

It indexes each record's title, aliases and body (title and aliases weighted up, as our
index does) with English Snowball stems and a spelling dictionary, parses each query the
way Kiwix does (default OR, stemmed, spelling correction), and prints one JSON object:
query text -> the first ten "kind/id" hits.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import tomllib

DEPTH = 10


def index(db_path: str, folder: str):
    """A Xapian database of the content's search documents."""
    import xapian

    database = xapian.WritableDatabase(folder, xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(xapian.Stem("english"))
    generator.set_database(database)
    generator.set_flags(xapian.TermGenerator.FLAG_SPELLING)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    for kind, record_id, title, aliases, body in conn.execute(
            "SELECT kind, record_id, title, aliases, body FROM search_docs"):
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(title or "", 10)
        generator.index_text(aliases or "", 8)
        generator.index_text(body or "")
        document.set_data(f"{kind}/{record_id}")
        database.add_document(document)
    conn.close()
    database.commit()
    return database


def search(database, text: str) -> list[str]:
    """The first DEPTH hits for a query, parsed as Kiwix does."""
    import xapian

    parser = xapian.QueryParser()
    parser.set_stemmer(xapian.Stem("english"))
    parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    parser.set_database(database)
    parser.set_default_op(xapian.Query.OP_OR)
    flags = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_SPELLING_CORRECTION
             | xapian.QueryParser.FLAG_PARTIAL)
    try:
        query = parser.parse_query(text, flags)
        corrected = parser.get_corrected_query_string()
        if corrected:
            query = parser.parse_query(corrected, flags)
    except xapian.QueryParserError:
        return []
    enquire = xapian.Enquire(database)
    enquire.set_query(query)
    return [match.document.get_data().decode() for match in enquire.get_mset(0, DEPTH)]


def main(argv: list[str]) -> int:
    """Print {query: hits} for every query of the evaluation file."""
    db_path, queries_path = argv
    with open(queries_path, "rb") as fh:
        queries = [entry["text"] for entry in tomllib.load(fh)["queries"]]
    with tempfile.TemporaryDirectory() as folder:
        database = index(db_path, folder)
        print(json.dumps({text: search(database, text) for text in queries},
                         ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

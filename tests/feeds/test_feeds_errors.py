"""Every malformed file gives one readable FeedError naming the file, and no records."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.errors import UserFacingError
from desktop.feeds import FeedError, importer
from desktop.feeds.importer import detect_format, import_file

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
BAD = DATA / "malformed"

# file, format forced (None = detected), words the message must contain
MALFORMED = [
    ("us_truncated.rss", None, "not well-formed XML"),
    ("us_level5.rss", None, "level 5, outside the 1–4 scale"),
    ("us_bad_date.rss", None, "'last Monday' is not a date"),
    ("us_no_title.rss", None, "item 5: the item has no <title>"),
    ("bomb.rss", None, "refused to read the XML"),
    ("bomb.rss", "au-rss", "refused to read the XML"),
    ("bomb.rss", "us-rss", "refused to read the XML"),
    ("xxe.rss", None, "refused to read the XML"),
    ("us_wrong_shape.json", None, "not one of the known advisory feeds"),
    ("us_wrong_shape.json", "us-json", "expected a JSON array"),
    ("us_empty.json", None, "empty JSON array"),
    ("us_empty.json", "us-json", "advisory list is empty"),
    ("us_bad_date.json", None, "'yesterday' is not a date"),
    ("us_json_level9.json", None, "level 9, outside the 1–4 scale"),
    ("uk_truncated.json", None, "not valid JSON"),
    ("uk_bad_flag.json", None, "unknown alert_status value 'avoid_travel_to_the_moon'"),
    ("uk_flags_not_list.json", None, "alert_status must be a list"),
    ("ca_wrong_shape.json", None, "not one of the known advisory feeds"),
    ("ca_wrong_shape.json", "ca-json", "with a 'data' object"),
    ("ca_state7.json", None, "advisory-state 7 is outside 0–3"),
    ("ca_state_text.json", None, "advisory-state 'high' is not a number"),
    ("ca_bad_date.json", None, "'27/09/2022' is not a date"),
    ("au_level5.rss", None, "ta:level 5 is outside the 1–4 scale"),
    ("au_bad_zone.rss", None, "unknown time zone 'XYZT'"),
    ("au_json_bad_level.json", None, "'Avoid travel to Mars' is not one of the four"),
    ("empty.json", None, "the file is empty"),
    ("challenge_page.html", None, "a web page (HTML), not a feed"),
]


@pytest.mark.parametrize(("name", "fmt", "words"), MALFORMED,
                         ids=[f"{n}-{f or 'auto'}" for n, f, _ in MALFORMED])
def test_malformed_file_raises_readable_feed_error(name, fmt, words):
    result = None
    with pytest.raises(FeedError) as info:
        result = import_file(BAD / name, fmt=fmt)
    assert result is None
    message = str(info.value)
    assert message.startswith(name), message
    assert words in message, message
    assert "\n" not in message and len(message) < 300
    assert isinstance(info.value, UserFacingError)


@pytest.mark.parametrize(("name", "fmt"), [
    ("uk_russia.json", "us-rss"), ("us_state.rss", "uk-json"), ("ca_index.json", "au-json"),
    ("smartraveller.rss", "us-rss"), ("us_state.json", "ca-json"), ("uk_russia.json", "au-rss"),
])
def test_wrong_forced_format_is_a_feed_error(name, fmt):
    with pytest.raises(FeedError, match=name.replace(".", r"\.")):
        import_file(DATA / name, fmt=fmt)


def test_uk_index_says_to_save_country_files():
    with pytest.raises(FeedError, match=r"index \(it lists 2 countries\).*foreign-travel-advice/"):
        import_file(DATA / "uk_index.json")


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"fmt": "xml"}, "unknown format 'xml'"),
    ({"countries": ["XX"]}, "'XX' is not an ISO 3166-1 alpha-2"),
    ({"countries": ["Russia"]}, "is not an ISO 3166-1 alpha-2"),
    ({"countries": ["CN"]}, "no advisory for CN in this file"),
    ({"checked_on": dt.date.today() + dt.timedelta(days=1)}, "is in the future"),
])
def test_bad_arguments(kwargs, words):
    with pytest.raises(FeedError, match=words):
        import_file(DATA / "us_state.rss", **kwargs)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FeedError, match="nope.rss: file not found"):
        import_file(tmp_path / "nope.rss")
    with pytest.raises(FeedError, match="is a folder"):
        import_file(tmp_path)
    with pytest.raises(FeedError, match="file not found"):
        detect_format(tmp_path / "nope.rss")


def test_file_problems_are_told_by_their_kind_not_their_words(tmp_path):
    """What went wrong is told by FileReadError.reason: a folder whose name reads like an
    error message must not change the message."""
    odd = tmp_path / "does not exist, is a folder, too large"
    odd.mkdir()
    big = odd / "big.rss"
    with big.open("wb") as handle:  # sparse: costs no disk space
        handle.truncate(importer.MAX_BYTES + 1)
    with pytest.raises(FeedError, match=r"^big.rss: file is larger than 64 MB; not a feed$"):
        import_file(big)
    with pytest.raises(FeedError, match=r"^nope.rss: file not found$"):
        import_file(odd / "nope.rss")
    with pytest.raises(FeedError, match="is a folder, not a feed file"):
        import_file(odd)
    if hasattr(os, "mkfifo"):
        os.mkfifo(odd / "pipe.rss")
        with pytest.raises(FeedError, match=r"^pipe.rss: not a regular file \(a device"):
            import_file(odd / "pipe.rss")


def test_duplicate_country_in_one_file(tmp_path):
    text = (DATA / "us_state.rss").read_text(encoding="utf-8")
    path = tmp_path / "dup.rss"
    path.write_text(text.replace("<category domain=\"Country-Tag\">AJ</category>",
                                 "<category domain=\"Country-Tag\">RS</category>"),
                    encoding="utf-8")
    with pytest.raises(FeedError, match="dup.rss: RU appears more than once"):
        import_file(path)


def test_only_skipped_items_is_an_error(tmp_path):
    text = (DATA / "smartraveller.rss").read_text(encoding="utf-8")
    head, rest = text.split("<item>", 1)
    kosovo = text[text.index("<title>Kosovo</title>"):].split("</item>")[0]
    path = tmp_path / "kosovo.rss"
    path.write_text(f"{head}<item>{kosovo}</item></channel></rss>", encoding="utf-8")
    with pytest.raises(FeedError, match=r"kosovo.rss: no country advisories found \(1 items"):
        import_file(path)


def test_unrecognised_rss_and_xml(tmp_path):
    rss = tmp_path / "other.rss"
    rss.write_text('<rss version="2.0"><channel><item><title>x</title></item></channel></rss>',
                   encoding="utf-8")
    with pytest.raises(FeedError, match="pass --format us-rss or au-rss"):
        detect_format(rss)
    atom = tmp_path / "feed.atom"
    atom.write_text('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', encoding="utf-8")
    with pytest.raises(FeedError, match="not an RSS feed this importer knows"):
        import_file(atom)
    with pytest.raises(FeedError, match=r"not an RSS feed \(root element"):
        import_file(atom, fmt="us-rss")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('[{"Title": "Türkiye"}]'.encode("latin-1"))
    with pytest.raises(FeedError, match="not UTF-8"):
        import_file(path, fmt="us-json")

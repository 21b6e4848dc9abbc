"""Facts a person acts on: the six corrected in the December 2026 verification pass, the
gaps filled, the other passports' contacts and phrases, and the minimums the audit keeps."""

from __future__ import annotations

import pytest

from desktop.content.audit import audit_folder
from desktop.paths import content_sources_dir
from desktop.planner import card_contents, home_lines, my_embassy
from desktop.storage.content_db import ContentDB

ACT_ON = ("country", "advisory", "route", "entry_rule", "contact")


@pytest.fixture(scope="module")
def report() -> dict:
    return audit_folder(content_sources_dir())


def cites(record: dict, *source_ids: str) -> bool:
    return set(source_ids) <= set(record["sources"])


# --- the six wrong facts -----------------------------------------------------------------

def test_luhamaa_is_on_the_e77_at_the_border(bundled_content: ContentDB) -> None:
    luhamaa = bundled_content.get("route", "ru-ee-luhamaa")
    assert (luhamaa["lat"], luhamaa["lon"]) == (57.625, 27.361)
    assert cites(luhamaa, "vc-wikipedia-luhamaa")
    assert "lat" in luhamaa["supports"]["vc-wikipedia-luhamaa"]


def test_us_passports_needed_an_e_visa_for_uzbekistan(bundled_content: ContentDB) -> None:
    rule = bundled_content.entry_rule("UZ", "US")
    assert (rule["visa"], rule["days"]) == ("e-visa", 30)
    assert "1 January 2026" in rule["notes_text"] and "US$20" in rule["notes_text"]
    assert cites(rule, "vc-fergana-uzbekistan-us-2025", "vc-saigatours-uzbekistan-evisa-2025")
    for passport in ("GB", "CA", "AU"):
        other = bundled_content.entry_rule("UZ", passport)
        assert (other["visa"], other["days"], other["confidence"]) == ("visa-free", 30, "verified")
    tashkent = bundled_content.get("route", "ru-uz-air-tashkent")
    assert "e-visa" in tashkent["who_may_pass_text"]
    assert "visa-free for up to 30 days" in tashkent["who_may_pass_text"]


def test_mongolia_had_no_single_emergency_number(bundled_content: ContentDB) -> None:
    mongolia = bundled_content.get("country", "MN")
    assert (mongolia["police"], mongolia["ambulance"], mongolia["fire"]) == ("102", "103", "101")
    assert mongolia["emergency"] == "102"
    assert "105" not in (mongolia["emergency"], mongolia["police"], mongolia["ambulance"],
                         mongolia["fire"])
    assert "trialled" in mongolia["notes_text"]
    assert mongolia["confidence"] == "verified"


def test_uk_advised_against_all_travel_from_28_february(bundled_content: ContentDB) -> None:
    advisory = bundled_content.get("advisory", "ru-uk-2022")
    assert advisory["issued_on"] == "2022-02-28"
    assert advisory["as_of"] == "2022-09-27"
    assert "5 March 2022" in advisory["body_text"]
    assert "consider leaving" in advisory["body_text"]
    assert cites(advisory, "vc-reuters-uk-russia-2022-03-05")


def test_expired_us_passport_allowance_ran_to_30_june(bundled_content: ContentDB) -> None:
    guide = bundled_content.get("guide", "documents-and-expired-passports")
    assert "30 June 2022" in guide["body_text"] and "22–23 March 2022" in guide["body_text"]
    assert "ran only until 31 March" not in guide["body_text"]
    item = next(i for i in bundled_content.checklist_items("documents-and-money")
                if i["item_id"] == "expired-passport")
    assert "30 June 2022" in item["detail_text"] and "31 March" not in item["detail_text"]
    assert item["confidence"] == "verified"
    assert "vc-gm-usembassy-expired-passports-2022-06-21" in item["sources"]


def test_upper_lars_on_foot_may_have_stopped(bundled_content: ContentDB) -> None:
    lars = bundled_content.get("route", "ru-ge-upper-lars")
    text = lars["who_may_pass_text"]
    assert "25–26 September" in text and "28–29 September" in text
    assert "counts as a vehicle" in text and "may have stopped" in text
    assert cites(lars, "vc-meduza-upper-lars-foot-2022-09-29")
    for guide_id in ("queues-at-upper-lars", "crossing-by-car-and-bus"):
        body = bundled_content.get("guide", guide_id)["body_text"]
        assert "28–29 September" in body, guide_id
        assert "from 27 September pedestrians" not in body, guide_id


# --- gaps ------------------------------------------------------------------------------

def test_kuusamo_suopera_crossing(bundled_content: ContentDB) -> None:
    kuusamo = bundled_content.get("route", "ru-fi-kuusamo")
    assert (kuusamo["from_country"], kuusamo["to_country"], kuusamo["status"]) == (
        "RU", "FI", "open")
    assert cites(kuusamo, "vc-wiki-suopera-kuusamo", "vc-mk-karelia-kuusamo-2023")


def test_ozinki_enlistment_point(bundled_content: ContentDB) -> None:
    ozinki = bundled_content.get("route", "ru-kz-ozinki")
    assert "enlistment point" in ozinki["notes_text"].lower()
    assert "military-enlistment point" in ozinki["who_may_pass_text"]
    assert cites(ozinki, "vc-newtimes-ozinki-2022-09", "vc-russiasnews-ozinki-2022-09")


def test_every_phone_can_be_dialled_from_abroad(bundled_content: ContentDB) -> None:
    for contact in bundled_content.list("contact"):
        for phone in contact["phones"]:
            assert not phone["e164"].startswith("+611300"), contact["id"]
            # The mark is the flag, not words in the label.
            assert "unconfirmed" not in phone["label"].lower(), contact["id"]
    cec = bundled_content.get("contact", "au-cec-24h")
    assert [p["e164"] for p in cec["phones"]] == ["+61262613305"]
    assert "1300 555 135" in cec["notes_text"]


# --- other passports (issue 12) --------------------------------------------------------

@pytest.mark.parametrize(("passport", "embassy", "line", "missions"), [
    ("US", "us-embassy-moscow", "us-state-24h", 16),
    ("GB", "uk-embassy-moscow", "uk-fcdo-24h", 15),
    ("CA", "ca-embassy-moscow", "ca-ewrc-24h", 10),
    ("AU", "au-embassy-moscow", "au-cec-24h", 5),
])
def test_each_passport_has_its_embassy_line_and_posts(bundled_content: ContentDB, passport: str,
                                                      embassy: str, line: str,
                                                      missions: int) -> None:
    assert my_embassy(bundled_content, "RU", [passport])["id"] == embassy
    hotline = home_lines(bundled_content, [passport])[0]
    assert hotline["id"] == line
    assert hotline["registration"] and hotline["registration_url"].startswith("https://")
    abroad = [c for c in bundled_content.list("contact")
              if c["country"] not in ("RU", "US", "GB", "CA", "AU")
              and passport in (c.get("serves") or [])]
    assert len(abroad) >= missions
    card = card_contents(bundled_content, country="RU", passports=[passport])
    citizen = [p for p in card["phrases"] if "граждан" in p["local"]]
    assert len(citizen) == 1 and citizen[0]["nationality"] == passport


def test_phrases_never_carry_another_nationality(bundled_content: ContentDB) -> None:
    variants = [p for p in bundled_content.list("phrase") if p.get("nationality")]
    groups = {p["variant_of"] for p in variants}
    assert groups == {"citizen", "call-my-embassy", "to-my-embassy"}
    for group in groups:
        assert {p["nationality"] for p in variants if p["variant_of"] == group} == {
            "US", "GB", "CA", "AU"}
    for passports in (["FR"], ["RU"], []):
        card = card_contents(bundled_content, country="RU", passports=passports)
        assert not any(p.get("nationality") for p in card["phrases"])


def test_guides_and_checklists_speak_to_every_passport(bundled_content: ContentDB) -> None:
    texts = [g["body_text"] for g in bundled_content.list("guide")]
    for checklist in bundled_content.list("checklist"):
        texts += [f"{i['text']} {i['detail_text']}" for i in bundled_content.checklist_items(
            checklist["id"])]
    joined = "\n".join(texts)
    for phrase in ("Enrol in STEP", "Enrol in the US", "call US Embassy Moscow",
                   "ask to contact the US Embassy", "Save the US embassy number"):
        assert phrase not in joined


def test_air_routes_say_where_flights_leave_from(bundled_content: ContentDB) -> None:
    cities = {c["id"] for c in bundled_content.list("city")}
    air = [r for r in bundled_content.list("route") if r["mode"] == "air"]
    assert air and all(r["departs_from"] and set(r["departs_from"]) <= cities for r in air)


# --- minimums the audit keeps ----------------------------------------------------------

def test_no_unsure_headline_value_without_its_mark(report: dict) -> None:
    assert report["totals"]["headline_unmarked"] == 0
    assert report["load_errors"] == []


def test_every_source_of_an_acted_on_fact_says_what_it_supports(report: dict) -> None:
    for kind in ACT_ON:
        assert report["kinds"][kind]["sources_without_supports"] == 0, kind


@pytest.mark.parametrize(("kind", "minimum"), [
    ("country", 12), ("entry_rule", 60), ("advisory", 1), ("route", 3), ("contact", 8)])
def test_verified_minimums(report: dict, kind: str, minimum: int) -> None:
    assert report["kinds"][kind]["verified"] >= minimum


def test_editors_knowledge_alone_stays_rare(report: dict) -> None:
    # Entry rules and emergency numbers resting only on the editors' knowledge: at most a
    # handful, each marked likely or unsure.
    assert report["kinds"]["entry_rule"]["editors_only"] <= 10
    assert report["kinds"]["country"]["editors_only"] <= 1


# --- the second audit (advisory dates, sourced numbers and rules) -------------------------

@pytest.mark.parametrize(("advisory", "issued", "source"), [
    ("ru-us-2022", "2022-03-05", "a2-travelbizmonitor-us-russia-2022-03-05"),
    ("ru-uk-2022", "2022-02-28", "vc-reuters-uk-russia-2022-03-05"),
    ("ru-ca-2022", "2022-03-05", "a2-cbc-canada-russia-2022-03-05"),
    ("ru-au-2022", "2022-02-27", "a2-abc-australia-russia-2022-02-28"),
    ("by-us-2022", "2022-02-28", "a2-usembassy-minsk-level4-2022-02-28"),
])
def test_advisories_carry_the_issuers_own_dates(bundled_content: ContentDB, advisory: str,
                                                issued: str, source: str) -> None:
    # The date a government issued the level in force, not the date of an embassy alert;
    # the situation they describe is late September 2022.
    record = bundled_content.get("advisory", advisory)
    assert (record["issued_on"], record["as_of"]) == (issued, "2022-09-27")
    assert "issued_on" in record["supports"][source]
    assert "issued_on" not in record["unconfirmed"]


def test_second_audit_upgrades_rest_on_named_sources(bundled_content: ContentDB) -> None:
    serbia = bundled_content.get("country", "RS")
    assert (serbia["police"], serbia["fire"], serbia["ambulance"]) == ("192", "193", "194")
    assert serbia["confidence"] == "verified" and not serbia["unconfirmed"]
    for passport in ("us", "gb", "ca", "au"):
        qatar = bundled_content.get("entry_rule", f"qa-{passport}")
        assert (qatar["visa"], qatar["days"], qatar["confidence"]) == ("visa-free", 30, "likely")
        assert cites(qatar, "a2-welcomeqatar-visa-waiver")
    armenia = bundled_content.get("country", "AM")
    assert armenia["confidence"] == "likely"  # 2011 and 2024-25 sources, none from 2022
    yerevan = bundled_content.get("contact", "us-embassy-yerevan")
    assert yerevan["phones"][0]["e164"] == "+37410494585"
    assert not yerevan["phones"][0]["unconfirmed"] and yerevan["phones"][1]["unconfirmed"]


def test_second_audit_corrections(bundled_content: ContentDB) -> None:
    # The Baltic and Polish rule of 19 September 2022 covered tourism, business, culture
    # and sport (joint statement of 8 September), not only tourist visas.
    for rule in ("ee-ru", "lv-ru", "lt-ru", "pl-ru"):
        assert "business, culture or sport" in bundled_content.get("entry_rule", rule)["notes_text"]
    poland = bundled_content.get("route", "ru-pl-kaliningrad")
    assert poland["confidence"] == "verified" and "Bezledy" in poland["notes_text"]
    # The EU entry ban on Russian-registered cars came in September 2023, not 2022.
    assert "13 September 2023" in bundled_content.get("route", "ru-ee-narva")["notes_text"]
    # Russians in Uzbekistan: 15 days without registration from 4 June 2022; stay unconfirmed.
    uzbekistan = bundled_content.get("entry_rule", "uz-ru")
    assert "15 days" in uzbekistan["notes_text"] and "days" in uzbekistan["unconfirmed"]
    # Azerbaijan's e-visa was suspended in March 2020; its resumption is not confirmed.
    assert "visa" in bundled_content.get("entry_rule", "az-us")["unconfirmed"]

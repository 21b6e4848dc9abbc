"""Travellers the content was not written for: passports with no entry rules, a citizen
of the country they are in (alone or with a second passport), a citizen of the country
a way out leads to, and passports typed as people type them.  The planner, the
overview, the CLI (as a subprocess) and the wallet card (read back from the PDF) must
stay honest: an unknown is never shown as open, no embassy is invented, and a citizen is
never told to say "I am a foreign citizen"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.content import is_unconfirmed
from desktop.pages import cards, screen
from desktop.pages.overview import overview
from desktop.planner import card_contents, no_rules_for, plan_routes
from desktop.printing import render

ROOT = Path(__file__).resolve().parents[2]
# Passports the bundled content has no entry rule for, in cities of several regions.
NO_RULES = [(["DE"], "moscow"), (["IN"], "vladivostok"), (["NG"], "saint-petersburg"),
            (["BR"], "kaliningrad"), (["JP"], "irkutsk"), (["de", "FR"], "pskov")]
DUALS = [["RU", "US"], ["GB", "RU"], ["US", "RU", "CA"]]


def cli(db: Path, base: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAFE_PASSAGE_BASEDIR": str(base), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", "--content-db", str(db), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
                          check=False)


def _passport_args(passports: list[str]) -> list[str]:
    return [arg for p in passports for arg in ("--passport", p)]


@pytest.mark.parametrize(("passports", "city_id"), NO_RULES,
                         ids=[f"{'+'.join(p)}-{c}" for p, c in NO_RULES])
def test_no_entry_rules_is_never_open(bundled, passports, city_id):
    content = bundled.content
    codes = [p.upper() for p in passports]
    assert no_rules_for(content, codes) == codes
    planned = plan_routes(content, city=content.get("city", city_id), passports=codes)
    assert planned
    for r in planned:
        assert r["reach"] in ("unknown", "restricted", "closed"), r["id"]
        assert r["entry_rule"] is None and r["relies_on"] == ""
        if r["status"] == "open" and r.get("advice") != "not-advised":
            assert r["reach"] == "unknown"
    html = screen.overview_html(overview(content, country="RU", passports=codes,
                                         city_id=city_id))
    assert "Entry rules unknown:" in html and "Can go now" not in html
    assert "no embassy or consulate of" in html


def test_your_own_country_lets_you_in(bundled):
    content = bundled.content
    planned = plan_routes(content, city=content.get("city", "omsk"), passports=["DE", "KZ"])
    home = [r for r in planned if r["to_country"] == "KZ" and r["status"] == "open"]
    assert home and all(r["reach"] == "go" and r["relies_on"] == "KZ" for r in home)
    assert planned[0]["to_country"] == "KZ"
    # A way out the content advises against stays closed, even to its own citizens.
    belarus = next(r for r in plan_routes(content, city=content.get("city", "pskov"),
                                          passports=["BY"]) if r["to_country"] == "BY")
    assert belarus["reach"] == "closed"


@pytest.mark.parametrize("passports", DUALS, ids=["+".join(p) for p in DUALS])
def test_dual_national_leaves_on_the_russian_passport(bundled, qapp, tmp_path, read_pdf,
                                                       passports):
    content = bundled.content
    planned = plan_routes(content, city=content.get("city", "moscow"), passports=passports)
    assert {r["exit_on"] for r in planned} == {"RU"}
    assert planned[0]["reach"] == "go"
    html = screen.overview_html(overview(content, country="RU", passports=passports,
                                         city_id="moscow"))
    assert "Dual nationals:" in html and "on your RU passport" in html
    out = tmp_path / "card.pdf"
    assert render.export_pdf(cards.card_html(content, "RU", passports), out) == 1
    pdf = read_pdf(out)
    assert pdf.has("Dual nationals:") and pdf.has("on your RU passport")
    neutral = content.get("phrase", "citizen")
    assert not pdf.has(neutral["local"])  # never "I am a foreign citizen" to Russia
    assert card_contents(content, country="RU", passports=passports)["embassy"] is not None


def test_foreign_passport_holder_has_no_exit_passport(bundled):
    content = bundled.content
    planned = plan_routes(content, city=content.get("city", "moscow"), passports=["US", "IL"])
    assert {r["exit_on"] for r in planned} == {""}
    assert planned[0]["relies_on"] == "US"


def test_a_citizen_alone_gets_no_foreign_phrase_or_embassy(bundled, qapp, tmp_path,
                                                           read_pdf):
    content = bundled.content
    pick = card_contents(content, country="RU", passports=["RU"])
    assert pick["embassy"] is None and "you are its citizen here" in pick["no_embassy"]
    assert not any(p.get("variant_of") or p["id"] == "citizen" for p in pick["phrases"])
    out = tmp_path / "card.pdf"
    assert render.export_pdf(cards.card_html(content, "RU", ["RU"]), out) == 1
    pdf = read_pdf(out)
    assert pdf.has("you are its citizen here") and not pdf.has("Embassy phone")
    assert not pdf.has("I am a foreign citizen") and not pdf.has("Dual nationals")


def test_card_without_an_embassy_says_what_to_do(bundled, qapp, tmp_path, read_pdf):
    content = bundled.content
    out = tmp_path / "card.pdf"
    assert render.export_pdf(cards.card_html(content, "RU", ["JP"]), out) == 1
    pdf = read_pdf(out)
    assert pdf.has("no embassy or consulate of Japan in Russia")
    assert pdf.has("Embassy phone:") and pdf.has("112")
    assert pdf.has(content.get("phrase", "citizen")["local"])  # a foreigner: neutral phrase
    for name in ("U.S. Embassy", "British Embassy", "Embassy of Canada", "Australian Embassy"):
        assert not pdf.has(name)
    sheet = tmp_path / "contacts.pdf"
    assert render.export_pdf(cards.contacts_html(content, "RU", ["JP"]), sheet) == 1
    assert read_pdf(sheet).has("Your embassy: This content has no embassy or consulate of "
                               "Japan in Russia")


def test_cli_plan_for_travellers_nobody_tried(bundled, bundled_db, tmp_path):
    base = tmp_path / "base"
    done = cli(bundled_db, base, "plan", "--city", "pskov", "--json",
               *_passport_args(["de"]))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and not {r["reach"] for r in rows} & {"go", "visa"}
    assert all(r["entry"] is None and r["relies_on"] is None for r in rows)

    done = cli(bundled_db, base, "plan", "--city", "pskov", *_passport_args(["DE"]))
    assert done.returncode == 0 and "no entry rules for DE passports" in done.stdout
    assert "Entry unknown" in done.stdout and "Can go now" not in done.stdout

    # "uk", "GBR" and "gb" are one British passport.
    done = cli(bundled_db, base, "plan", "--city", "vladivostok",
               *_passport_args(["uk", "GBR", "gb"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Ways out from Vladivostok for GB passport ")

    done = cli(bundled_db, base, "plan", "--city", "murmansk", "--json",
               *_passport_args(["GB", "RU"]))
    rows = json.loads(done.stdout)
    assert {r["exit_on"] for r in rows} == {"RU"} and rows[0]["reach"] == "go"
    done = cli(bundled_db, base, "plan", "--city", "murmansk", *_passport_args(["GB", "RU"]))
    assert "Dual nationals:" in done.stdout and "call-up" in done.stdout

    # A way out resting on an entry rule whose answer the content marks unconfirmed.
    moscow = bundled.content.get("city", "moscow")
    unsure = [r for r in plan_routes(bundled.content, city=moscow, passports=["US"])
              if r["entry_rule"] and is_unconfirmed(r["entry_rule"], "visa")]
    assert unsure, "the bundled content has no unconfirmed US entry rule from Moscow"
    done = cli(bundled_db, base, "plan", "--city", "moscow", *_passport_args(["US"]))
    row = done.stdout[done.stdout.index(unsure[0]["name"]):].splitlines()[1]
    assert "(unconfirmed)" in row

    done = cli(bundled_db, base, "plan", "--passport", "EU")
    assert done.returncode != 0 and done.stderr.startswith("error: unknown passport 'EU'")
    assert "Traceback" not in done.stderr


def test_no_embassy_here_points_to_your_governments_line(bundled, qapp, tmp_path,
                                                         read_pdf):
    """An Australian in Finland: the content has no Australian mission there; the
    overview and the card say so and give Canberra's 24-hour line, and the card prints
    no Russian phrases for a country that does not speak Russian."""
    content = bundled.content
    html = screen.overview_html(overview(content, country="FI", passports=["AU"],
                                         city_id=""))
    mine = html[html.index("Your embassy"):]
    assert "no embassy or consulate of Australia in Finland" in mine
    assert "24-hour line" in mine and "+61 2 6261 3305" in mine
    out = tmp_path / "card.pdf"
    assert render.export_pdf(cards.card_html(content, "FI", ["AU"]), out) == 1
    pdf = read_pdf(out)
    assert pdf.has("+61 2 6261 3305") and pdf.has("no phrases in a language of Finland")
    assert not any(pdf.has(p["local"]) for p in content.list("phrase"))
    assert content.country_languages("FI") == ["fi", "sv"]
    kazakh = card_contents(content, country="KZ", passports=["AU"])["phrases"]
    assert kazakh and {p["language"] for p in kazakh} == {"ru"}  # Russian is official


def test_a_passport_without_rules_is_named_where_the_other_needs_a_visa(bundled):
    """A Russian-German: the Russian passport needs a Schengen visa and, from 19
    September 2022, a reason other than tourism; the content has no rule for the German
    one, which is said rather than hidden behind 'Restricted'."""
    content = bundled.content
    planned = plan_routes(content, city=content.get("city", "saint-petersburg"),
                          passports=["RU", "DE"])
    narva = next(r for r in planned if r["id"] == "ru-ee-narva")
    assert (narva["reach"], narva["relies_on"]) == ("restricted", "RU")
    assert "no entry rules for your DE passport" in narva["reach_reason"]
    georgia = next(r for r in planned if r["to_country"] == "GE")
    assert georgia["reach"] == "go" and "DE" not in georgia["reach_reason"]

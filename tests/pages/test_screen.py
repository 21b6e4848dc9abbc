"""Pages are plain structures; the screen layout is a pure function of them (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.content.schema import PAGE_KINDS
from desktop.errors import NotFoundError
from desktop.pages import model, overview, plain, records, screen


def _html(services, kind: str, record_id: str, passports=("US",)) -> str:
    return screen.page_html(records.page_for(services.content, kind, record_id, passports))


def test_every_record_renders_on_screen_and_as_text(services):
    for kind in PAGE_KINDS:
        for record in services.content.list(kind):
            page = records.page_for(services.content, kind, record["id"], ["US"])
            body = screen.page_html(page)
            assert "<h1>" in body and "Sources" in body
            assert page.title in plain.page_text(page)


def test_route_page_shows_your_entry_rule_and_dates(services):
    body = _html(services, "route", "ru-ge-upper-lars")
    assert "Your passport (US): <b>Visa-free, 365 days" in body
    assert "as of 28 Sep 2022" in body
    assert "Dated reference." in body
    assert "Situation as of 28 Sep 2022 · sources checked on" in body


def test_route_page_puts_each_of_your_passports_first(services):
    page = records.page_for(services.content, "route", "ru-ge-upper-lars", ["GB", "US"])
    rules = next(s for s in page.sections if s.heading.startswith("Entering"))
    first = model.plain(rules.blocks[0].rows[0][0])
    assert "(you)" in first
    assert "Your passport (GB/US)" in model.plain(page.lead)


def test_unverified_record_has_badge(services):
    assert "Likely — not verified" in _html(services, "route", "ru-tr-air-istanbul")


def test_unsure_values_are_marked_at_the_value():
    record = {"confidence": "likely", "unconfirmed": ["phones"]}
    assert model.checked(record, "phones", "1")[-1] == model.Mark("unconfirmed")
    assert model.checked(record, "address", "x") == (model.Text("x"),)
    assert model.checked({"confidence": "unsure"}, None, "x")[-1].text == "unconfirmed"
    assert "class='unsure'" in screen.run_html(model.checked({"confidence": "unsure"},
                                                             "a", "x"))


def test_contact_copy_buttons_say_what_they_copy(services):
    body = _html(services, "contact", "us-embassy-moscow")
    assert "copy:contact/us-embassy-moscow/phone/0" in body
    assert "title='Copy phone number +7 495 728-50-00 of U.S. Embassy Moscow'" in body
    assert "copy:contact/us-embassy-moscow/address_local" in body
    assert "class='local'" in body


def test_copy_value_resolves_paths(services):
    content = services.content
    assert records.copy_value(content, "contact/us-embassy-moscow/phone/0") == \
        "+7 495 728-50-00"
    assert records.copy_value(content, "country/RU/emergency") == "112"
    assert records.copy_value(content, "nonsense") == ""


def test_overview_not_stale_when_recent(services):
    view = overview.overview(services.content, country="RU", passports=["US"],
                             city_id="moscow", today=dt.date(2022, 10, 1))
    body = screen.overview_html(view)
    assert view.age is None and "Dated reference" not in body
    assert "lvl4" in body and "U.S. Embassy Moscow" in body


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_css_scales(theme):
    assert "22.0pt" in screen.css(theme, 2.0)
    assert screen.PAGE_COLOURS[theme]["bg"] in screen.css(theme, 1.0)


def test_entry_rule_text():
    assert model.entry_rule_text(None) == "No information for this passport"
    assert model.entry_rule_text({"visa": "visa-required"}) == "Visa required"
    assert model.entry_rule_text({"visa": "visa-free", "days": 30}) == "Visa-free, 30 days"


def test_overview_lists_overland_routes_before_flights(services):
    body = screen.overview_html(overview.overview(services.content, country="RU",
                                                  passports=["US"], city_id="moscow"))
    # From Moscow the airport is nearest, but the table of ways out is overland; the
    # flights get their own line, and the closed crossing is not offered at all.
    assert body.index("ru-fi-vaalimaa") < body.index("<b>Flights</b>")
    assert "sp://route/ru-tr-air-istanbul" in body[body.index("<b>Flights</b>"):]
    assert "ru-az-yarag-kazmalyar" not in body


def test_section_listing_and_unknown_section(services):
    listing = overview.section_listing(services.content, "Guides")
    assert any(link.text == "Money when cards fail" for link, _, _ in listing.rows)
    with pytest.raises(NotFoundError, match="no section"):
        overview.section_listing(services.content, "Nope")


def test_contacts_grouped_with_your_own_first(bundled_services):
    content = bundled_services.content
    for passports, own in ((["GB"], "uk-embassy-moscow"), (["AU"], "au-embassy-moscow")):
        listing = overview.section_listing(content, "Contacts", passports)
        first_link, _, first_group = listing.rows[0]
        assert first_link.target == f"sp://contact/{own}" and first_group.startswith("Yours")
        groups = [group for _, _, group in listing.rows]
        # each country and city is one run of rows (grouped, not scattered)
        runs = [g for n, g in enumerate(groups) if n == 0 or groups[n - 1] != g]
        assert len(runs) == len(set(runs))
        assert "Russia · Moscow" in runs and runs.index("Russia · Moscow") < runs.index(
            next(g for g in runs if g.startswith("Finland")))


def test_guides_and_checklists_in_authored_order(bundled_services):
    content = bundled_services.content
    checklists = [r["id"] for r in content.list("checklist")]
    assert checklists[0] == "leaving-now"
    guides = [r["id"] for r in content.list("guide")]
    assert guides[0] == "leaving-russia-overview" and guides[-1] == "about-this-content"


def test_no_heading_stands_over_an_empty_field(bundled_content):
    """An entry rule without documents (bundled: the Belarus rules) shows no
    "Documents" heading, on screen or as text."""
    rules = [r for r in bundled_content.list("entry_rule") if not r.get("documents_html")]
    assert rules
    for rule in rules:
        page = records.record_page(bundled_content, "entry_rule", rule, ["US"])
        assert "Documents" not in [s.heading for s in page.sections], rule["id"]
        assert "Documents" not in plain.page_text(page).splitlines(), rule["id"]


def test_a_blank_markdown_field_adds_no_section():
    page = model.Page(kind="guide", id="g", kicker="GUIDE", title="t")
    page.add("Notes", model.Markup("  "), None, model.Items(()))
    page.add("Summary", model.Markup("<p>x</p>"))
    assert [s.heading for s in page.sections] == ["Summary"]


def test_overview_of_another_country_never_measures_from_a_city_outside_it(bundled_content):
    """Country Georgia with a saved city of Moscow: no ways out "from Moscow" on
    Georgia's page (the bundled content has no Georgian city)."""
    view = overview.overview(bundled_content, country="GE", passports=["GB"],
                             city_id="moscow")
    html = screen.overview_html(view)
    assert "From Moscow" not in html and "no city in this country" in html


@pytest.mark.parametrize("value", ["", "plain", "a & b < c > d", "\"quoted\" 'single'",
                                   "&amp; already", "Кошка <b>", None, 112])
def test_esc_escapes_as_html_escape_does(value: object) -> None:
    import html

    assert model.esc(value) == html.escape("" if value is None else str(value))

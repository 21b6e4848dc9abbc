"""Right for every traveller: for US, British, Canadian and Australian passports and for
dual nationals, the overview, the planner, the contact sheet and the wallet card (read
back from the PDF) name their own embassy, offer a way out they can take first, never
another nationality's phrase or embassy, and measure flights from the right airport."""

from __future__ import annotations

import pytest

from desktop.pages import cards, screen
from desktop.pages.overview import overview
from desktop.planner import best_phone, card_contents, distance_km, my_embassy, plan_routes
from desktop.printing import render

# passports, city, the embassy to call first in Russia
TRAVELLERS = [
    (["US"], "moscow", "us-embassy-moscow"),
    (["GB"], "vladivostok", "uk-embassy-moscow"),
    (["CA"], "novosibirsk", "ca-embassy-moscow"),
    (["AU"], "saint-petersburg", "au-embassy-moscow"),
    (["US", "RU"], "vladikavkaz", "us-embassy-moscow"),
    (["GB", "RU"], "kaliningrad", "uk-embassy-moscow"),
]
NATIONAL_MISSIONS = ["us-embassy-moscow", "uk-embassy-moscow", "ca-embassy-moscow",
                     "au-embassy-moscow"]


def _ids(travellers):
    return [f"{'+'.join(p)}-{city}" for p, city, _ in travellers]


@pytest.mark.parametrize(("passports", "city_id", "embassy_id"), TRAVELLERS,
                         ids=_ids(TRAVELLERS))
def test_planner_offers_a_way_out_the_traveller_can_take(bundled, passports, city_id,
                                                         embassy_id):
    content = bundled.content
    city = content.get("city", city_id)
    planned = plan_routes(content, city=city, passports=passports)
    first = planned[0]
    assert first["reach"] == "go", first
    assert first["relies_on"] in passports
    assert first["entry_rule"]["visa"] in ("visa-free", "visa-on-arrival")
    classes = [r["reach"] for r in planned]
    assert classes == sorted(classes, key=["go", "visa", "restricted", "closed"].index)
    for r in planned:
        if r["mode"] == "air":  # flights are measured from the city they leave from
            start = content.get("city", r["departs_from"][0])
            assert r["measured_from"] == start["name"]
            assert r["distance_km"] == round(distance_km(city["lat"], city["lon"],
                                                         start["lat"], start["lon"]))


@pytest.mark.parametrize(("passports", "city_id", "embassy_id"), TRAVELLERS,
                         ids=_ids(TRAVELLERS))
def test_overview_names_your_own_embassy(bundled, passports, city_id, embassy_id):
    content = bundled.content
    assert my_embassy(content, "RU", passports)["id"] == embassy_id
    html = screen.overview_html(overview(content, country="RU", passports=passports,
                                         city_id=city_id))
    mine = html[html.index("Your embassy"):]
    assert f"sp://contact/{embassy_id}" in mine
    for other in NATIONAL_MISSIONS:
        if other != embassy_id:
            assert f"sp://contact/{other}" not in mine


@pytest.mark.parametrize(("passports", "city_id", "embassy_id"), TRAVELLERS,
                         ids=_ids(TRAVELLERS))
def test_contact_sheet_puts_your_embassy_first(bundled, qapp, tmp_path, read_pdf,
                                               passports, city_id, embassy_id):
    content = bundled.content
    html = cards.contacts_html(content, "RU", passports)
    out = tmp_path / "contacts.pdf"
    assert render.export_pdf(html, out) == 1
    pdf = read_pdf(out)
    name = content.get("contact", embassy_id)["name"]
    positions = {m: pdf.flat.find(content.get("contact", m)["name"].replace(" ", ""))
                 for m in NATIONAL_MISSIONS}
    assert positions[embassy_id] >= 0 and pdf.has(name)
    assert all(positions[embassy_id] <= p for p in positions.values() if p >= 0)


@pytest.mark.parametrize(("passports", "city_id", "embassy_id"), TRAVELLERS,
                         ids=_ids(TRAVELLERS))
def test_wallet_card_is_the_travellers_own(bundled, qapp, tmp_path, read_pdf, passports,
                                           city_id, embassy_id):
    content = bundled.content
    pick = card_contents(content, country="RU", passports=passports)
    out = tmp_path / "card.pdf"
    assert render.export_pdf(cards.card_html(content, "RU", passports), out) == 1
    pdf = read_pdf(out)
    embassy = content.get("contact", embassy_id)
    assert pick["embassy"]["id"] == embassy_id and pdf.has(embassy["name"])
    assert pdf.has(best_phone(embassy)["display"])
    assert pick["hotline"]["serves"][0] == passports[0]
    assert pdf.has(pick["hotline"]["phones"][0]["display"])
    for other in NATIONAL_MISSIONS:
        if other != embassy_id:
            assert not pdf.has(content.get("contact", other)["name"])
    phrases = content.list("phrase")
    for phrase in phrases:
        nationality = phrase.get("nationality")
        if phrase.get("card") and nationality and nationality != passports[0]:
            assert not pdf.has(phrase["local"]), (nationality, phrase["local"])
    own = [p for p in phrases if p.get("card") and p.get("nationality") == passports[0]]
    assert own and all(pdf.has(p["local"]) for p in own)

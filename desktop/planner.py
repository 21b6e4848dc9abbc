"""The traveller's rules: which ways out fit *your* passports, your embassy, your wallet card.

Every function takes the traveller's passports and place as arguments (nothing is read
from settings or kept between calls), so the window, the printouts and the CLI give the
same answer for the same person.  No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.content import is_limited
from desktop.errors import NotFoundError
from desktop.geo.earth import great_circle_km
from desktop.storage.content_db import ContentDB

# Passports offered first wherever a passport is chosen.
COMMON_PASSPORTS = ("US", "GB", "CA", "AU")
# Entry for a passport, best first: the rule a traveller with several passports relies on.
# 'citizen' is no content rule: a passport of the destination itself (your own country
# must let you in).
VISA_ORDER = {"citizen": -1, "visa-free": 0, "visa-on-arrival": 1, "e-visa": 2,
              "visa-required": 3, "no-entry": 4}
MISSION_KINDS = ("embassy", "consulate")
CLOSED_CONTACT = ("suspended", "closed")


distance_km = great_circle_km  # straight-line distance in km
# Codes people type for a passport that are not its ISO 3166 alpha-2 code.
PASSPORT_ALIASES = {"UK": "GB", "EL": "GR"}


def passport_code(text: str) -> str:
    """A passport as its ISO 3166 alpha-2 code: ``text`` upper-cased and stripped, "UK"
    as GB, an alpha-3 code ("DEU") as its alpha-2 code.  Not checked further: an
    unknown code comes back as typed (upper-cased)."""
    code = text.strip().upper()
    code = PASSPORT_ALIASES.get(code, code)
    if len(code) == 3 and code.isascii() and code.isalpha():
        import pycountry  # only for a three-letter code

        found = pycountry.countries.get(alpha_3=code)
        code = found.alpha_2 if found else code
    return code


def unique_passports(passports: Sequence[str]) -> list[str]:
    """The passports in the traveller's order, each once (the first is the main one)."""
    return list(dict.fromkeys(passports))


def dual_national_note(content: ContentDB, country: str,
                       passports: Sequence[str]) -> str | None:
    """For a traveller who holds ``country``'s own passport besides another one: what
    that country's rules mean for them (it treats them as its citizen only), else None."""
    if country not in passports or len(unique_passports(passports)) < 2:
        return None
    name = content.country_name(country)
    return (f"{name} treats you as its own citizen only, whatever other passport you hold: "
            f"enter and leave {name} on your {country} passport, carry both, and "
            "expect the rules for its citizens (call-up, exit checks) to apply to you; "
            "your other country's embassy may be refused access to you.")


def passport_choices(content: ContentDB, keep: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(code, display name) for the common passports, the content's own country (dual
    nationals hold its passport too), every passport the content covers and ``keep``
    (the traveller's own, so a choice box never loses it) first; then every other
    country by name (a passport without entry rules is still the traveller's: its
    embassy, its phrases, and ways out marked "entry unknown").  Each once."""
    home = content.meta.get("home_country", "")
    codes = dict.fromkeys([*COMMON_PASSPORTS, home, *content.passports(), *keep,
                           *content.country_codes()])
    return [(code, f"{content.country_name(code)} ({code})") for code in codes if code]


def city_choices(content: ContentDB) -> list[tuple[str, str]]:
    """(id, 'Name (local name) — Country') for every city, for a choice box."""
    choices = []
    for city in content.list("city"):
        local = f" ({city['name_local']})" if city.get("name_local") else ""
        choices.append((city["id"], f"{city['name']}{local} — "
                                    f"{content.country_name(city['country'])}"))
    return choices


def city_countries(content: ContentDB) -> dict[str, str]:
    """Each city's country code, by city id."""
    return {city["id"]: city["country"] for city in content.list("city")}


def best_phone(contact: dict) -> dict | None:
    """The number to call first (on the overview and the wallet card alike): a 24-hour
    line if the contact has one, else its first number."""
    phones = contact.get("phones") or []
    return next((p for p in phones if "24" in (p.get("label") or "")),
                phones[0] if phones else None)


def pick_country(content: ContentDB, code: str) -> str:
    """The chosen country if the content has it, else its home country, else the first."""
    codes = [c["id"] for c in content.list("country")]
    for candidate in (code, content.meta.get("home_country", "")):
        if candidate in codes:
            return candidate
    return codes[0] if codes else code


def pick_city(content: ContentDB, city_id: str, country: str) -> dict | None:
    """The chosen city if it lies in ``country`` (or no country is given), else the first
    city of the country; any city only when no country is given.  None when the country
    has no city: ways out are never measured from a city in another country."""
    try:
        city = content.get("city", city_id)
    except NotFoundError:
        city = None
    if city is not None and (not country or city["country"] == country):
        return city
    cities = content.list("city", country=country) if country else content.list("city")
    return cities[0] if cities else None


def place(content: ContentDB, country: str, city_id: str) -> tuple[str, str]:
    """The stored country and city as this content can answer for them, as the overview
    shows them: each kept when the content has it, else (settings made with another
    content pack, say) the content's home country and its first city; the city is ''
    when that country has none."""
    country = pick_country(content, country)
    city = pick_city(content, city_id, country)
    return country, city["id"] if city else ""


def best_rule(rules: Sequence[dict], passports: Sequence[str]) -> dict | None:
    """The most favourable of several entry rules (one per passport; on a tie, the
    traveller's first passport), or None.  A rule that admits only some travellers comes
    after every rule that admits all (a visa can be got; a category cannot), and before
    no entry."""
    order = unique_passports(passports)
    return min(rules, key=lambda r: (
        r["visa"] == "no-entry", is_limited(r), VISA_ORDER.get(r["visa"], 5),
        order.index(r["passport"]) if r["passport"] in order else len(order))) if rules else None


# What a way out means for the traveller's passports, best first.
REACH_ORDER = ("go", "visa", "unknown", "restricted", "closed")
REACH_TEXT = {"go": "Can go now", "visa": "Visa first", "unknown": "Entry unknown",
              "restricted": "Restricted", "closed": "Closed / not advised"}


def reach(route: dict, rule: dict | None) -> tuple[str, str]:
    """(class, reason) of a way out for the best entry rule among the passports.

    'go': open, and visa-free, a visa on arrival or the traveller's own country; 'visa':
    open but a visa or e-visa is needed first; 'unknown': open, but the content has no
    entry rule for any of these passports (never taken for open); 'restricted': only some
    people may pass or enter, or its status is unknown; 'closed': closed, not advised, or no entry
    for any of the passports.
    """
    visa = rule["visa"] if rule else ""
    if route["status"] == "closed":
        return "closed", "Closed"
    if route.get("advice") == "not-advised":
        return "closed", "Not advised"
    if visa == "no-entry":
        return "closed", "No entry with your passport"
    if route["status"] == "restricted":
        return "restricted", "Restricted: check who may pass"
    if route["status"] != "open":
        return "restricted", "Status unknown"
    if rule is None:
        return "unknown", "No entry rules for your passport here: check them before you go"
    if visa == "citizen":
        return "go", "Open · your own country"
    if is_limited(rule):
        return "restricted", "Only some travellers may enter: see the entry rule"
    if visa in ("visa-required", "e-visa"):
        return "visa", "e-Visa needed first" if visa == "e-visa" else "Visa needed first"
    return "go", "Open"


def no_rules_for(content: ContentDB, passports: Sequence[str]) -> list[str]:
    """The passports the content has no entry rule for at all (their ways out are
    'unknown', never taken for open), in the traveller's order."""
    covered = set(content.passports())
    return [p for p in unique_passports(passports) if p not in covered]


def citizen_rule(content: ContentDB, passport: str) -> dict:
    """The entry 'rule' of a passport's own country: its citizens may enter."""
    return {"id": "", "passport": passport, "destination": passport, "visa": "citizen",
            "period": f"your own country ({content.country_name(passport)})",
            "confidence": "verified", "notes": ""}


def _departure(route: dict, city: dict, cities: dict[str, dict]) -> tuple[dict, float]:
    """Where a way out is measured from and how far that is from the traveller's city: a
    flight from the nearest city it leaves from, a crossing from the crossing itself."""
    starts = [cities[c] for c in route.get("departs_from") or [] if c in cities]
    if route["mode"] == "air" and starts:
        nearest = min(starts, key=lambda c: distance_km(city["lat"], city["lon"],
                                                        c["lat"], c["lon"]))
        return nearest, distance_km(city["lat"], city["lon"], nearest["lat"], nearest["lon"])
    return city, distance_km(city["lat"], city["lon"], route["lat"], route["lon"])


def plan_routes(content: ContentDB, *, city: dict, passports: Sequence[str]) -> list[dict]:
    """The ways out from a city for the traveller's passports, the ones they can take first.

    Each route dict gains: ``entry_rule`` (the best rule among the passports, or None),
    ``relies_on`` (the passport that rule is for, '' if none), ``reach`` and
    ``reach_reason`` (see ``reach``), ``blocked`` (reach is 'closed'), ``distance_km``
    (straight line: to the crossing, or for a flight to the nearest city it leaves from),
    ``measured_from`` (the city the flight leaves from; the traveller's own city for
    a crossing), ``exit_on`` (the passport to leave on: the country's own when the
    traveller holds it, else '') and ``via`` (third countries the straight line from the
    city passes through, from the content build's ``route_paths``).  Sorted by reach
    class, then distance.  A passport of the destination itself counts as entry
    (``citizen_rule``).
    """
    passports = unique_passports(passports)
    cities = {c["id"]: c for c in content.list("city")}
    rules: dict[str, list[dict]] = {}
    for passport in passports:  # one query a passport, not one a way out
        rules.setdefault(passport, []).append(citizen_rule(content, passport))
        for entry in content.list("entry_rule", passport=passport):
            rules.setdefault(entry["destination"], []).append(entry)
    exit_on = city["country"] if city["country"] in passports else ""
    planned = []
    paths = content.route_paths(city["id"]) if city.get("id") else {}
    for route in content.list("route", from_country=city["country"]):
        known = rules.get(route["to_country"], [])
        rule = best_rule(known, passports)
        klass, reason = reach(route, rule)
        unknown_for = [p for p in passports if all(r["passport"] != p for r in known)]
        if rule is not None and unknown_for and (
                rule["visa"] in ("visa-required", "e-visa", "no-entry") or is_limited(rule)):
            # another passport might do better: say it is unknown
            reason += (f" (no entry rules for your {' or '.join(unknown_for)} passport "
                       "here: it may do better)")
        start, km = _departure(route, city, cities)
        planned.append({**route, "entry_rule": rule,
                        "relies_on": rule["passport"] if rule else "",
                        "reach": klass, "reach_reason": reason, "blocked": klass == "closed",
                        "distance_km": round(km), "measured_from": start["name"],
                        "exit_on": exit_on, "via": paths.get(route["id"], [])})
    planned.sort(key=lambda r: (REACH_ORDER.index(r["reach"]), r["distance_km"], r["id"]))
    return planned


def _serves(contact: dict, passports: Sequence[str]) -> bool:
    return any(p in (contact.get("serves") or []) for p in passports)


def _passport_rank(contact: dict, passports: Sequence[str]) -> int:
    """0 for the first passport's missions, 1 for the second's, …"""
    serves = contact.get("serves") or []
    return next((n for n, p in enumerate(passports) if p in serves), len(passports))


def my_embassies(content: ContentDB, country: str, passports: Sequence[str]) -> list[dict]:
    """Embassies and consulates in ``country`` for the passports, the one to call first.

    Order: working missions before suspended ones, the first passport's before the
    second's, embassies before consulates, then by name.
    """
    found = [c for c in content.list("contact", country=country)
             if c["kind"] in MISSION_KINDS and _serves(c, passports)]
    return sorted(found, key=lambda c: (c["status"] in CLOSED_CONTACT,
                                        _passport_rank(c, passports),
                                        c["kind"] != "embassy", c["name"]))


def my_embassy(content: ContentDB, country: str, passports: Sequence[str]) -> dict | None:
    """The embassy or consulate to call first (see ``my_embassies``), or None."""
    found = my_embassies(content, country, passports)
    return found[0] if found else None


def no_embassy_text(content: ContentDB, country: str, passports: Sequence[str]) -> str:
    """What to say where the content has no mission of the traveller's countries in
    ``country``: that it is missing, and whom to call instead."""
    foreign = [p for p in unique_passports(passports) if p != country]
    names = " or ".join(content.country_name(p) for p in foreign)
    where = content.country_name(country)
    try:
        emergency = content.get("country", country).get("emergency") or ""
    except NotFoundError:
        emergency = ""
    call = ("In danger, call the local emergency numbers"
            + (f" (such as {emergency})" if emergency else ""))
    if not foreign:  # the country's own citizen: no embassy is theirs here
        return (f"With only a passport of {where}, you are its citizen here: no embassy is "
                f"yours in {where}. {call}.")
    helper = ("call your government's 24-hour line" if home_lines(content, foreign) else
              "ask your foreign ministry (or the embassy that represents your country "
              "here) and write its number down")
    return (f"This content has no embassy or consulate of {names} in {where}. {call}; "
            f"for consular help, {helper}.")


def home_lines(content: ContentDB, passports: Sequence[str]) -> list[dict]:
    """The 24-hour lines of the traveller's own governments (first passport first)."""
    found = [c for c in content.list("contact")
             if c["kind"] == "hotline" and _serves(c, passports)]
    return sorted(found, key=lambda c: (_passport_rank(c, passports),
                                        c["country"] not in passports, c["name"]))


def contacts_for(content: ContentDB, country: str, passports: Sequence[str]) -> dict:
    """A country's contacts grouped for a contact sheet, the traveller's own first."""
    contacts = content.list("contact", country=country)
    mine = my_embassies(content, country, passports)
    others = sorted((c for c in contacts if c["kind"] in MISSION_KINDS and c not in mine),
                    key=lambda c: (c["kind"] != "embassy", c["name"]))
    own_lines = home_lines(content, passports)
    other_lines = sorted((c for c in content.list("contact")
                          if c["kind"] == "hotline" and c not in own_lines),
                         key=lambda c: c["name"])
    return {"missions": mine + others, "hotlines": own_lines + other_lines,
            "local": [c for c in contacts if c["kind"] == "emergency"]}


def pick_variants(phrases: Sequence[dict], passports: Sequence[str],
                  country: str = "") -> list[dict]:
    """Phrases for a traveller: each neutral phrase, or its variant for the first of the
    passports that has one (never another nationality's variant), in the given order.

    A traveller who holds ``country``'s own passport is its citizen there: a phrase that
    names a nationality (one with variants) is never its neutral form ("I am a foreign
    citizen" would be false): the country's own variant if the content has one, else
    the variant of another passport they hold, else it is left out."""
    variants: dict[str, dict[str, dict]] = {}
    for phrase in phrases:
        if phrase.get("variant_of"):
            variants.setdefault(phrase["variant_of"], {})[phrase.get("nationality") or ""] = phrase
    citizen = bool(country) and country in passports
    chosen = []
    for phrase in phrases:
        if phrase.get("variant_of"):
            continue
        own = variants.get(phrase["id"], {})
        order = [country, *passports] if citizen else list(passports)
        found = next((own[p] for p in order if p in own), None)
        if found is not None or not (citizen and own):
            chosen.append(found or phrase)
    return chosen


def card_contents(content: ContentDB, *, country: str, passports: Sequence[str]) -> dict:
    """What the wallet card shows: the country, your embassy (or what to do without
    one: ``no_embassy``), your home line, the dual-national warning (``dual``, or None)
    and the phrases — only those in a language of the country when the content knows
    its languages (no Russian phrases on a card for Finland)."""
    passports = unique_passports(passports)
    languages = content.country_languages(country)
    lines = home_lines(content, passports)
    embassy = my_embassy(content, country, passports)
    return {"country": content.get("country", country), "passports": passports,
            "embassy": embassy,
            "no_embassy": "" if embassy else no_embassy_text(content, country, passports),
            "hotline": lines[0] if lines else None,
            "dual": dual_national_note(content, country, passports),
            "phrases": pick_variants([p for p in content.list("phrase") if p.get("card")
                                      and (not languages or p["language"] in languages)],
                                     passports, country)}

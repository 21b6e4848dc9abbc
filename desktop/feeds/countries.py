"""Country codes: the State Department's FIPS-style tags and destination names to ISO alpha-2.

The US State Department tags items with its own two-letter codes (FIPS 10-4 / GEC), which are
*not* ISO 3166: "RS" is Russia (ISO RU; ISO RS is Serbia), "GM" is Germany (ISO GM is the
Gambia).  A tag missing from ``FIPS_TO_ISO`` is never passed through as if it were ISO.
Kosovo (FIPS KV) is left out on purpose: it has no ISO 3166-1 code that pycountry knows.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry

# FIPS 10-4 / GEC code -> ISO 3166-1 alpha-2, for every destination State has advice for
# (plus territories that can appear).  Where both codes agree the entry is still listed, so
# that an unknown tag is noticed instead of being read as an ISO code.
FIPS_TO_ISO: dict[str, str] = {
    "AF": "AF", "AL": "AL", "AG": "DZ", "AQ": "AS", "AN": "AD", "AO": "AO", "AV": "AI",
    "AY": "AQ", "AC": "AG", "AR": "AR", "AM": "AM", "AA": "AW", "AS": "AU", "AU": "AT",
    "AJ": "AZ", "BF": "BS", "BA": "BH", "BG": "BD", "BB": "BB", "BO": "BY", "BE": "BE",
    "BH": "BZ", "BN": "BJ", "BD": "BM", "BT": "BT", "BL": "BO", "BK": "BA", "BC": "BW",
    "BR": "BR", "VI": "VG", "BX": "BN", "BU": "BG", "UV": "BF", "BM": "MM", "BY": "BI",
    "CV": "CV", "CB": "KH", "CM": "CM", "CA": "CA", "CJ": "KY", "CT": "CF", "CD": "TD",
    "CI": "CL", "CH": "CN", "KT": "CX", "CK": "CC", "CO": "CO", "CN": "KM", "CG": "CD",
    "CF": "CG", "CW": "CK", "CS": "CR", "IV": "CI", "HR": "HR", "CU": "CU", "UC": "CW",
    "CY": "CY", "EZ": "CZ", "DA": "DK", "DJ": "DJ", "DO": "DM", "DR": "DO", "EC": "EC",
    "EG": "EG", "ES": "SV", "EK": "GQ", "ER": "ER", "EN": "EE", "WZ": "SZ", "ET": "ET",
    "FK": "FK", "FO": "FO", "FJ": "FJ", "FI": "FI", "FR": "FR", "FG": "GF", "FP": "PF",
    "GB": "GA", "GA": "GM", "GG": "GE", "GM": "DE", "GH": "GH", "GI": "GI", "GR": "GR",
    "GL": "GL", "GJ": "GD", "GP": "GP", "GQ": "GU", "GT": "GT", "GK": "GG", "GV": "GN",
    "PU": "GW", "GY": "GY", "HA": "HT", "VT": "VA", "HO": "HN", "HK": "HK", "HU": "HU",
    "IC": "IS", "IN": "IN", "ID": "ID", "IR": "IR", "IZ": "IQ", "EI": "IE", "IM": "IM",
    "IS": "IL", "IT": "IT", "JM": "JM", "JA": "JP", "JE": "JE", "JO": "JO", "KZ": "KZ",
    "KE": "KE", "KR": "KI", "KN": "KP", "KS": "KR", "KU": "KW", "KG": "KG", "LA": "LA",
    "LG": "LV", "LE": "LB", "LT": "LS", "LI": "LR", "LY": "LY", "LS": "LI", "LH": "LT",
    "LU": "LU", "MC": "MO", "MA": "MG", "MI": "MW", "MY": "MY", "MV": "MV", "ML": "ML",
    "MT": "MT", "RM": "MH", "MB": "MQ", "MR": "MR", "MP": "MU", "MF": "YT", "MX": "MX",
    "FM": "FM", "MD": "MD", "MN": "MC", "MG": "MN", "MJ": "ME", "MH": "MS", "MO": "MA",
    "MZ": "MZ", "WA": "NA", "NR": "NR", "NP": "NP", "NL": "NL", "NC": "NC", "NZ": "NZ",
    "NU": "NI", "NG": "NE", "NI": "NG", "NE": "NU", "NF": "NF", "MK": "MK", "CQ": "MP",
    "NO": "NO", "MU": "OM", "PK": "PK", "PS": "PW", "WE": "PS", "GZ": "PS", "PM": "PA",
    "PP": "PG", "PA": "PY", "PE": "PE", "RP": "PH", "PC": "PN", "PL": "PL", "PO": "PT",
    "RQ": "PR", "QA": "QA", "RE": "RE", "RO": "RO", "RS": "RU", "RW": "RW", "TB": "BL",
    "SH": "SH", "SC": "KN", "ST": "LC", "RN": "MF", "SB": "PM", "VC": "VC", "WS": "WS",
    "SM": "SM", "TP": "ST", "SA": "SA", "SG": "SN", "RI": "RS", "SE": "SC", "SL": "SL",
    "SN": "SG", "NN": "SX", "LO": "SK", "SI": "SI", "BP": "SB", "SO": "SO", "SF": "ZA",
    "OD": "SS", "SP": "ES", "CE": "LK", "SU": "SD", "NS": "SR", "SV": "SJ", "SW": "SE",
    "SZ": "CH", "SY": "SY", "TW": "TW", "TI": "TJ", "TZ": "TZ", "TH": "TH", "TT": "TL",
    "TO": "TG", "TL": "TK", "TN": "TO", "TD": "TT", "TS": "TN", "TU": "TR", "TX": "TM",
    "TK": "TC", "TV": "TV", "UG": "UG", "UP": "UA", "AE": "AE", "UK": "GB", "US": "US",
    "UY": "UY", "UZ": "UZ", "NH": "VU", "VE": "VE", "VM": "VN", "VQ": "VI", "WF": "WF",
    "WI": "EH", "YM": "YE", "ZA": "ZM", "ZI": "ZW", "SX": "GS", "IO": "IO", "FS": "TF",
    "BV": "BV", "HM": "HM",
}

# Names the feeds use that pycountry's lookup does not know (keys are folded, see _fold).
NAME_OVERRIDES: dict[str, str] = {
    "russia": "RU", "turkey": "TR", "turkiye": "TR", "united kingdom": "GB", "uk": "GB",
    "great britain": "GB", "brunei": "BN", "burma": "MM", "burma (myanmar)": "MM",
    "myanmar (burma)": "MM", "democratic republic of the congo": "CD",
    "congo (kinshasa)": "CD", "drc": "CD", "congo (brazzaville)": "CG",
    "republic of congo": "CG", "cape verde": "CV", "micronesia": "FM",
    "federated states of micronesia": "FM", "macau": "MO", "holy see": "VA",
    "vatican city": "VA", "palestine": "PS", "palestinian territories": "PS",
    "israel, the west bank and gaza": "IL", "reunion": "RE", "curacao": "CW",
    "ivory coast": "CI", "cote d'ivoire": "CI", "swaziland": "SZ", "east timor": "TL",
    "south korea": "KR", "korea, south": "KR", "republic of korea": "KR",
    "north korea": "KP", "korea, north": "KP", "kyrgyz republic": "KG",
    "slovak republic": "SK", "usa": "US", "united states of america": "US",
    "st kitts and nevis": "KN", "st lucia": "LC", "st vincent and the grenadines": "VC",
    "saint vincent and the grenadines": "VC", "sao tome and principe": "ST",
    "the netherlands": "NL", "czech republic": "CZ", "laos": "LA", "vietnam": "VN",
}


def _fold(name: str) -> str:
    """Lower-case, strip accents and a leading "the", squeeze spaces, unify apostrophes."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("&", "and")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return re.sub(r"^the ", "", text)


def is_iso2(code: str) -> bool:
    """True if *code* is an upper-case ISO 3166-1 alpha-2 code that pycountry knows."""
    return (isinstance(code, str) and len(code) == 2 and code.isupper()
            and pycountry.countries.get(alpha_2=code) is not None)


def fips_to_iso(tag: str) -> str | None:
    """ISO alpha-2 for a State Department country tag, or None if the tag is unknown."""
    return FIPS_TO_ISO.get(tag.strip().upper())


def name_to_iso(name: str) -> str | None:
    """ISO alpha-2 for a destination name as the feeds write it, or None.

    Tries the override table, then pycountry's exact lookup (names, common and official
    names), then the same without a trailing parenthetical ("Myanmar (Burma)").  Two- and
    three-letter strings are never read as codes: a name is a name.
    """
    candidates = [name]
    stripped = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    if stripped != name:
        candidates.append(stripped)
    for candidate in candidates:
        folded = _fold(candidate)
        if not folded:
            continue
        if folded in NAME_OVERRIDES:
            return NAME_OVERRIDES[folded]
        if len(folded) <= 3:
            continue
        for text in (candidate.strip(), folded):
            try:
                return pycountry.countries.lookup(text).alpha_2
            except LookupError:
                pass
    return None

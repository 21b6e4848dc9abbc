"""Replaces the contrib hook: phonenumbers minus its geocoder, carrier and timezone data.

The app only parses, formats and validates numbers (phonenumbers.data, shortdata); the
contrib hook collects every submodule, about 40 MB of geocoding tables we never read.
"""

from PyInstaller.utils.hooks import collect_submodules

_UNUSED = ("phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier",
           "phonenumbers.carrierdata", "phonenumbers.timezone", "phonenumbers.tzdata")

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not name.startswith(_UNUSED))

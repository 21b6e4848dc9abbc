"""Replaces the contrib hook: pycountry's country databases and metadata only.

The app shows English names only, so pycountry/locales (about 22 MB of .mo files) stays
out, and it looks up countries only (ISO 3166-1, and 3166-3 for former names), so the
language and subdivision tables (iso639-3, iso3166-2: 1.4 MB) stay out too.  pycountry
loads each table on first use, so the missing ones are never opened.
"""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("pycountry") + collect_data_files(
    "pycountry", excludes=["locales", "locales/**", "tests", "tests/**",
                           "databases/iso639-*.json", "databases/iso3166-2.json",
                           "databases/iso15924.json", "databases/iso4217.json"])

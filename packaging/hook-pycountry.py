"""Replaces the contrib hook: pycountry's ISO databases and metadata, not its translations.

The app shows English names only, so pycountry/locales (about 22 MB of .mo files) stays out.
"""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("pycountry") + collect_data_files(
    "pycountry", excludes=["locales", "locales/**", "tests", "tests/**"])

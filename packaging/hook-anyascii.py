"""anyascii reads its transliteration tables (anyascii/_data/NNN, no suffix) with
importlib.resources; there is no contrib hook, so collect them here (about 2.6 MB)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("anyascii")

"""Content packs: signed one-file content updates (export, verify, import, rollback).

No Qt here.  ``pack`` makes and checks pack files, ``store`` installs them under
``AppPaths.packs``, ``keys`` loads publisher keys, ``cli`` adds ``safe-passage pack``.
"""

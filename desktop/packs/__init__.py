"""Content packs: signed one-file content updates (export, verify, import, rollback).

No Qt here.  ``pack`` makes and checks pack files (``manifest`` and ``container`` hold
the manifest and zip checks), ``store`` installs them under
``AppPaths.packs``, ``keys`` loads publisher keys, ``cli`` adds ``safe-passage pack``.
"""

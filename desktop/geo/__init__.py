"""Offline geography: Natural Earth borders converted once into ``resources/geo/``.

- ``earth``: the radius and the great-circle distance (planner, checks and map).
- ``atlas``: the converted files (format, reader, lazy cached loading).
- ``geometry``: point in country, distance to a border, countries a straight line crosses.
- ``checks``: the content build's coordinate checks and ``route_paths``.
- ``projection`` and ``mapmodel``: what the map widget draws, as flat coordinate arrays.

Nothing here imports Qt or touches the network.
"""

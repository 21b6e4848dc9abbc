"""``python -m desktop`` runs the ``safe-passage`` command."""

import sys

from desktop.cli import main

sys.exit(main())

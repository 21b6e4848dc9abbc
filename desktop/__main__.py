"""``python -m desktop`` runs the ``safe-passage`` command."""

import gc
import sys

# Start-up makes tens of thousands of objects that live as long as the app (modules,
# classes, Qt's enums): collecting garbage while they are made only walks them again and
# again.  The collector is back on for any command, and for the app once its window is up
# (desktop.cli.main, desktop.app.resume_collector).
gc.disable()

from desktop.cli import main  # noqa: E402

sys.exit(main())

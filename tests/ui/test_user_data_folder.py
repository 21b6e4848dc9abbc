"""Everything the app writes stays in its user-data folder: an export through Qt's file
dialog writes nothing under the home folder but the PDF, and "Delete all my data" removes
what the dialog remembered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
    app = QApplication([])
    from desktop.app import keep_qt_settings_in
    from desktop.paths import AppPaths
    from desktop.services import open_services
    from desktop.ui.main_window import MainWindow
    home, base, out, fixture = (Path(a) for a in sys.argv[1:5])
    paths = AppPaths.under(base)
    keep_qt_settings_in(paths.config)
    services = open_services(paths, content_db=fixture)
    window = MainWindow(services)
    window.show()
    app.processEvents()

    def files():
        return {str(p) for p in home.rglob("*") if p.is_file()}

    before = files()

    def choose(dialog):
        dialog.selectFile(str(out))
        return QFileDialog.DialogCode.Accepted

    QFileDialog.exec = choose
    QMessageBox.exec = lambda box: QMessageBox.StandardButton.Ok
    window.open_record("guide", "money")
    window.print_document("pdf", "page")
    app.processEvents()
    written = sorted(files() - before)
    remembered = sorted(str(p) for p in paths.config.rglob("*") if p.is_file())
    window.close()
    services.wipe_user_data()
    left = sorted(str(p) for p in base.rglob("*")
                  if p.is_file() and not p.name.startswith("user.db"))
    print(json.dumps({"written": written, "remembered": remembered, "left": left,
                      "export_dir": services.user.settings().export_dir}))
""")


def test_export_writes_nothing_outside_the_user_data_folder(tmp_path, fixture_db):
    home, base = tmp_path / "home", tmp_path / "home" / "sp-data"
    out = home / "Documents" / "money.pdf"
    out.parent.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("SAFE_PASSAGE_BASEDIR", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(home), str(base), str(out),
                           str(fixture_db)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert out.read_bytes().startswith(b"%PDF")
    outside = [f for f in result["written"]
               if not f.startswith(str(base)) and f != str(out)]
    assert outside == []
    # Qt's file dialog remembered its folder, in the app's own config folder ...
    assert any(Path(f).name == "QtProject.conf" for f in result["remembered"])
    # ... which "Delete all my data" empties, with the settings that said where.
    assert result["left"] == []
    assert result["export_dir"] == ""

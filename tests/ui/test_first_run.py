"""The first run asks whose answers to show: passports (one or more) and place."""

from __future__ import annotations


def test_first_run_asks_and_the_overview_follows(window, services):
    assert not services.user.settings().setup_done
    assert "Not you?" in window.page.toPlainText()  # says whose answers it shows
    window.follow_link("sp://setup/")
    dialog = window.first_run_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.passport.setCurrentIndex(dialog.passport.findData("GB"))
    dialog.second.setCurrentIndex(dialog.second.findData("RU"))
    dialog.city.setCurrentIndex(dialog.city.findData("vladikavkaz"))
    dialog.scale.setValue(125)
    dialog.accept()
    stored = services.user.settings()
    assert (stored.passports, stored.city, stored.font_scale, stored.setup_done) == (
        ["GB", "RU"], "vladikavkaz", 1.25, True)
    text = window.page.toPlainText()
    assert "Not you?" not in text
    assert "You also hold a passport of Russia" in text  # the dual-national note


def test_later_keeps_the_question_open(window, services):
    window.ask_who()
    window.first_run_dialog.reject()
    assert not services.user.settings().setup_done
    assert "Not you?" in window.page.toPlainText()


def test_first_run_offers_every_passport(window, services):
    """A passport the content has no entry rules for can be chosen, and the overview
    then says so instead of answering for another nationality."""
    window.follow_link("sp://setup/")
    dialog = window.first_run_dialog
    codes = [dialog.passport.itemData(i) for i in range(dialog.passport.count())]
    assert codes[:4] == ["US", "GB", "CA", "AU"]  # the common ones first
    assert {"DE", "IN", "NG", "BR"} <= set(codes) and len(codes) == len(set(codes))
    dialog.passport.setCurrentIndex(dialog.passport.findData("DE"))
    dialog.accept()
    assert services.user.settings().passports == ["DE"]
    text = window.page.toPlainText()
    assert "no embassy or consulate of Germany" in text
    assert "U.S. Embassy" not in text

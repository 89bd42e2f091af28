"""End-to-end: a file is used only when it was chosen in the native dialog.

The path fields are read-only, a cancelled dialog writes nothing, and the shell refuses a path
the page names itself (path_not_chosen) — even a file chosen to be read is not written.
"""

from selenium.common.exceptions import InvalidElementStateException

from conftest import OPEN_DIALOG, SAVE_DIALOG


def invoke(app, command, args):
    """Calls a shell command straight from the page, as a script in the web view could."""
    return app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
            (value) => done({ ok: value }),
            (error) => done({ error }),
        );
        """,
        command,
        args,
    )


def field_codes(answer):
    return [field["code"] for field in answer["error"]["fields"]]


def test_a_path_typed_into_the_page_cannot_be_used(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    app.find("nav-data").click()
    app.wait_idle()
    app.click(app.find("backup-encrypt"))  # a plain JSON backup: no passphrase needed
    out = tmp_path / "out"  # the database lives in tmp_path
    out.mkdir()
    target = out / "typed.json"

    # The field only shows a choice: typing into it changes nothing.
    field = app.find("backup-path")
    assert field.get_attribute("readonly") is not None
    try:
        field.send_keys(str(target))
    except InvalidElementStateException:
        pass
    assert field.get_attribute("value") == ""

    # The button opens the native save dialog; cancelled, nothing is written and nothing is said.
    app.find("backup-run").click()
    _, title = app.wait_for_dialog()
    assert title == SAVE_DIALOG
    app.screenshot("native-save-dialog")
    app.cancel_dialog()
    app.wait_idle()
    assert field.get_attribute("value") == ""
    assert not app.all("backup-report") and not app.all("backup-error")

    # A script in the page that names a path itself is refused by the shell.
    answer = invoke(app, "backup", {"path": str(target)})
    assert answer["error"]["code"] == "invalid_input", answer
    assert field_codes(answer) == ["path_not_chosen"], answer
    assert "Bladeren" in answer["error"]["message"]
    assert list(out.iterdir()) == [], "nothing was written"

    # A file chosen to be read (an import) is not one that may be written.
    sheet = out / "financiers.json"
    sheet.write_text("[]", encoding="utf-8")
    app.find("nav-import").click()
    app.wait_idle()
    app.click(app.find("import-kind-register"))
    app.find("import-path-browse").click()
    _, title = app.wait_for_dialog()
    assert title == OPEN_DIALOG
    app.screenshot("native-open-dialog")
    app.answer_dialog(sheet)
    app.wait.until(lambda d: app.find("import-path").get_attribute("value") == str(sheet))
    answer = invoke(app, "backup", {"path": str(sheet)})
    assert field_codes(answer) == ["path_not_chosen"], answer
    assert sheet.read_text(encoding="utf-8") == "[]"


def test_only_the_chosen_file_is_written(launch, db_path, tmp_path):
    """A file chosen in the save dialog grants that file, not another name beside it."""
    app = launch(db_path, demo=True)
    app.cases()
    app.click(app.find("export-cases"))
    chosen = tmp_path / "casussen.xlsx"
    app.pick_file("export-path-browse", chosen)
    other = tmp_path / "anders.xlsx"
    answer = invoke(app, "export_cases", {"filter": {}, "format": "xlsx", "path": str(other)})
    assert field_codes(answer) == ["path_not_chosen"], answer
    assert not other.exists() and not chosen.exists()
    # The chosen file itself is written.
    app.click(app.find("export-save"))
    assert app.find("export-result").get_attribute("data-path") == str(chosen)
    assert chosen.stat().st_size > 1_000

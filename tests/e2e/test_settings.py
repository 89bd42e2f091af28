"""End-to-end: Instellingen (the table's name on screen and in the history's author), an automatic
backup made and restored in the app, the slide in its own presenter window driven by the keys of
either window, and the palette's commands."""

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def press(app, *keys):
    ActionChains(app.driver).send_keys(*keys).perform()
    time.sleep(0.4)


def open_settings(app):
    app.find("nav-settings").click()
    app.wait_idle()
    app.find("settings-form")


def retype(app, testid, text):
    element = app.find(testid)
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    element.send_keys("\ue009" + "a")  # Ctrl+A
    element.send_keys("\ue003")  # Backspace
    if text:
        element.send_keys(text)


def save(app):
    app.click(app.find("settings-save"))
    app.wait_idle()


def palette_run(app, text):
    """Opens the palette with Ctrl+K, types, and runs the first item with Enter."""
    app.driver.find_element(By.TAG_NAME, "body").send_keys("\ue009" + "k")
    box = app.find("palette-input")
    box.send_keys(text)
    time.sleep(0.4)
    app.wait_idle()
    first = app.all("palette-item")[0]
    assert first.get_attribute("data-kind") == "command", [i.get_attribute("data-kind") for i in app.all("palette-item")]
    box.send_keys(Keys.ENTER)
    time.sleep(0.4)
    app.wait_idle()


def test_the_table_name_is_set_in_settings_and_shown(launch, db_path):
    app = launch(db_path, demo=True)
    assert app.find("table-title").text == "Financieringstafel"
    open_settings(app)
    app.screenshot("settings")

    # An empty name is refused on its field; nothing is stored.
    retype(app, "settings-table-name", "")
    save(app)
    assert app.find("settings-error").get_attribute("data-code") == "invalid_input"
    field = app.find("settings-table-name")
    assert field.get_attribute("aria-invalid") == "true"
    assert "naam van de tafel" in app.driver.find_element(By.CSS_SELECTOR, ".field.invalid").text
    # A bad matching weight is refused on its own row.
    retype(app, "settings-table-name", "Kapitaaltafel Zeeland")
    retype(app, "settings-matching.weights.sector", "-5")
    save(app)
    assert "0 of groter" in app.find("settings-error-matching.weights.sector").text
    assert app.find("table-title").text == "Financieringstafel"
    app.screenshot("settings-errors")

    retype(app, "settings-matching.weights.sector", "25")
    retype(app, "settings-table-region", "Zeeland")
    retype(app, "settings-user-name", "Marieke Jansen")
    save(app)
    assert app.find("settings-message").text == "Instellingen opgeslagen."
    assert app.find("table-title").text == "Kapitaaltafel Zeeland"
    assert "Kapitaaltafel Zeeland" in app.find("settings-table-title").text
    app.screenshot("settings-saved")

    # Stored in the database: a fresh window reads it back.
    app.driver.refresh()
    app.wait_idle()
    assert app.find("table-title").text == "Kapitaaltafel Zeeland"
    open_settings(app)
    assert app.find("settings-matching.weights.sector").get_attribute("value") == "25"


def test_an_automatic_backup_is_made_and_restored_in_the_app(launch, db_path):
    app = launch(db_path, demo=True)
    open_settings(app)
    app.find("backup-none")
    app.click(app.find("backup-now"))
    made = app.find("backup-made").get_attribute("data-path")
    assert made.endswith(".tafelbackup") and "/back-ups/tafel-auto-" in made
    app.wait.until(lambda d: len(app.all("backup-row")) == 1)

    # After the backup the table gets a name; restoring the backup takes it away again.
    retype(app, "settings-table-name", "Na de back-up")
    save(app)
    assert app.find("table-title").text == "Na de back-up"
    app.click(app.find("restore-backup"))
    app.find("restore-yes")
    app.screenshot("restore-confirm")
    app.click(app.find("restore-yes"))
    done = app.find("restore-done")
    assert "Teruggezet uit" in done.text and made in done.text
    app.wait.until(lambda d: app.find("settings-table-name").get_attribute("value") == "Financieringstafel")
    # The data of before the restore is kept as a backup of its own: two in the list now.
    app.wait.until(lambda d: len(app.all("backup-row")) == 2)
    app.screenshot("restore-done")
    app.driver.refresh()
    app.wait_idle()
    assert app.find("table-title").text == "Financieringstafel"
    app.cases()
    assert app.case_count() == 60


def test_the_slide_opens_in_its_own_window_and_both_follow_the_keys(launch, db_path):
    app = launch(db_path, demo=True)
    main = app.driver.current_window_handle
    # "Overleg starten" from the palette presents the demo's planned meeting.
    palette_run(app, "overleg")
    app.find("presentation")
    assert app.find("slide-position").text == "1 / 2"
    labels = app.find("slide-line").text
    app.click(app.find("present-projector"))
    app.wait.until(lambda d: len(d.window_handles) == 2)
    presenter = next(h for h in app.driver.window_handles if h != main)
    app.find("projector-on")

    app.driver.switch_to.window(presenter)
    app.wait.until(lambda d: "/slide" in d.execute_script("return window.location.hash"))
    slide = app.find("slide")
    assert app.find("slide-position").text == "1 / 2"
    # Only the slide: no coordinator panel, no buttons of the financiers.
    assert not app.all("coordinator-panel") and not app.all("quick-financier")
    assert not app.driver.find_elements(By.CSS_SELECTOR, "button")
    assert slide.is_displayed()
    # The same labels as the main window's slide (not the taxonomy's ids).
    assert app.find("slide-line").text == labels
    app.screenshot("presenter-window")

    # A key on the projector's window moves both windows.
    press(app, Keys.ARROW_RIGHT)
    app.wait.until(lambda d: app.find("slide-position").text == "2 / 2")
    app.driver.switch_to.window(main)
    app.wait.until(lambda d: app.find("slide-position").text == "2 / 2")
    # And a key in the main window moves the projector's.
    press(app, Keys.ARROW_LEFT)
    app.wait.until(lambda d: app.find("slide-position").text == "1 / 2")
    app.driver.switch_to.window(presenter)
    app.wait.until(lambda d: app.find("slide-position").text == "1 / 2")

    # Esc on the projector ends the presentation: its window closes, the main one shows the meeting.
    press(app, Keys.ESCAPE)
    app.driver.switch_to.window(main)
    app.wait.until(lambda d: len(d.window_handles) == 1)
    app.wait.until(lambda d: "/present" not in d.execute_script("return window.location.hash"))
    app.find("meeting-detail")


def test_the_palette_runs_commands(launch, db_path):
    app = launch(db_path, demo=True)
    palette_run(app, "back-up")
    message = app.find("palette-message")
    assert message.text.startswith("Back-up gemaakt: ") and message.text.endswith(".tafelbackup")
    app.screenshot("palette-backup")
    app.find("palette-input").send_keys(Keys.ESCAPE)
    app.wait.until(lambda d: not app.all("palette"))

    palette_run(app, "instel")
    app.find("settings-form")
    palette_run(app, "nieuwe casus")
    app.wait.until(lambda d: d.execute_script("return window.location.hash") == "#/cases/new")
    palette_run(app, "rapportage")
    app.wait.until(lambda d: d.execute_script("return window.location.hash") == "#/report")

    # Meetings are found by their title.
    app.driver.find_element(By.TAG_NAME, "body").send_keys("\ue009" + "k")
    box = app.find("palette-input")
    box.send_keys("november")
    app.wait.until(lambda d: any(i.get_attribute("data-kind") == "meeting" for i in app.all("palette-item")))
    app.screenshot("palette-meeting")
    item = next(i for i in app.all("palette-item") if i.get_attribute("data-kind") == "meeting")
    item.click()
    app.wait_idle()
    app.find("meeting-detail")

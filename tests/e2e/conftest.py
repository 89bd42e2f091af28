"""Drives the real Tafel window through tauri-driver (WebKitWebDriver) under Xvfb.

`run.sh` starts Xvfb and tauri-driver and sets TAFEL_APP (the built binary) and
TAFEL_DB_KEY; each test launches the app on its own database file.

Files are chosen as a user chooses them: in the real native GTK dialog that the shell opens
(`choose_file`), driven with xdotool on the same X display (DISPLAY, set by run.sh). The shell
refuses any path the window names that was not chosen there, so no test can type one in.
"""

import os
import pathlib
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import ElementNotInteractableException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DRIVER_URL = os.environ.get("TAURI_DRIVER_URL", "http://127.0.0.1:4444")
SCREENSHOTS = pathlib.Path(os.environ.get("TAFEL_SCREENSHOTS", "target/e2e-screenshots"))

# The titles the shell gives its native dialogs (FilePurpose::dialog_title).
OPEN_DIALOG = "Bestand openen — Tafel"
SAVE_DIALOG = "Opslaan als — Tafel"
FOLDER_DIALOG = "Map kiezen — Tafel"
DIALOG_TIMEOUT = 20


def xdotool(*args, check=True):
    """Runs xdotool on the test display and gives what it printed."""
    out = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=DIALOG_TIMEOUT)
    if check and out.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout.strip()


def dialog_windows():
    """The X windows of the shell's native file dialogs that are shown now."""
    found = xdotool("search", "--onlyvisible", "--name", f"^({OPEN_DIALOG}|{SAVE_DIALOG}|{FOLDER_DIALOG})$", check=False)
    return found.split()


class App:
    """One running Tafel window and helpers to use it as a person would."""

    def __init__(self, db_path, demo=False, driver_url=None):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        args = ["--db", str(db_path)] + (["--demo"] if demo else [])
        options.set_capability("tauri:options", {"application": os.environ["TAFEL_APP"], "args": args})
        self.driver = webdriver.Remote(command_executor=driver_url or DRIVER_URL, options=options)
        # Paths typed into text fields are text, not files to upload to a remote browser.
        self.driver.file_detector = UselessFileDetector()
        self.wait = WebDriverWait(self.driver, 30)
        self.wait_idle()

    def wait_idle(self):
        """Waits until the UI says it is neither loading nor saving."""
        self.wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-busy") == "false")

    def find(self, testid, within=None):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]')))

    def all(self, testid):
        return self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def field(self, path):
        return self.find(f"field-{path}")

    def type_into(self, path, text):
        """Replaces a field's text by typing, as a user would (select all, type)."""
        element = self.field(path)
        # Forms are longer than the window and end in a sticky save bar: bring the field to the middle.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        element.send_keys("\ue009" + "a")  # Ctrl+A
        element.send_keys("\ue003")  # Backspace
        element.send_keys(text)
        return element

    def click(self, element):
        """Scrolls an element to the middle of its scroll area and clicks it."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        self.wait_idle()

    def choose(self, testid, value):
        """Picks an option of a select by keyboard, as a user would: focus it and type the label."""
        select = self.find(testid)
        label = select.find_element(By.CSS_SELECTOR, f'option[value="{value}"]').get_attribute("textContent").strip()
        try:
            select.send_keys(label)
            time.sleep(0.3)
        except ElementNotInteractableException:
            pass
        if select.get_attribute("value") != value:
            # WebKitWebDriver cannot click <option>s; fall back to what the select does on a pick.
            self.driver.execute_script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                select,
                value,
            )
        time.sleep(0.3)
        self.wait_idle()
        assert select.get_attribute("value") == value

    def cases(self):
        """Opens the case list from the navigation; the app opens on "Vandaag" (home)."""
        if not (self.driver.execute_script("return window.location.hash") or "").startswith("#/cases"):
            self.find("nav-cases").click()
            self.wait_idle()
        self.find("case-count")
        return self

    def case_count(self):
        return int(self.find("case-count").text.strip().split()[0].replace(".", ""))

    def search(self, text):
        box = self.find("case-search")
        box.click()
        box.send_keys("\ue009" + "a")
        box.send_keys("\ue003")
        if text:
            box.send_keys(text)
        time.sleep(0.4)  # debounce
        self.wait_idle()

    def wait_for_dialog(self, timeout=DIALOG_TIMEOUT):
        """Waits for the native file dialog; gives its X window and its title."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            windows = dialog_windows()
            if windows:
                return windows[-1], xdotool("getwindowname", windows[-1])
            time.sleep(0.2)
        self.screenshot("no-dialog")
        raise AssertionError(f"no native file dialog ({OPEN_DIALOG!r}, {SAVE_DIALOG!r} or {FOLDER_DIALOG!r}) appeared within {timeout} s")

    def wait_dialog_closed(self, timeout=DIALOG_TIMEOUT):
        deadline = time.monotonic() + timeout
        while dialog_windows():
            if time.monotonic() > deadline:
                self.screenshot("dialog-still-open")
                raise AssertionError("the native file dialog did not close (does it ask to replace an existing file?)")
            time.sleep(0.2)

    def answer_dialog(self, path):
        """Types a full path into the open native dialog and confirms it, as a user would.

        In GTK's open dialog ctrl+L opens the location field (typing "/" does too, but the
        characters typed while it appears are lost); in the save dialog the name field has the
        focus with the proposed name. ctrl+a selects what the field holds so the path replaces
        it; a full path in either field means that file. Gives the dialog's title.
        """
        window, title = self.wait_for_dialog()
        xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)  # the dialog's widgets take the focus once it is mapped
        if title in (OPEN_DIALOG, FOLDER_DIALOG):
            xdotool("key", "--clearmodifiers", "ctrl+l")
            time.sleep(0.5)
        xdotool("key", "--clearmodifiers", "ctrl+a")
        xdotool("type", "--delay", "15", str(path))
        time.sleep(0.3)  # GTK completes the location as it is typed; let it settle
        xdotool("key", "Return")
        self.wait_dialog_closed()
        return title

    def cancel_dialog(self):
        """Closes the open native dialog with Escape, choosing nothing."""
        window, _ = self.wait_for_dialog()
        xdotool("windowfocus", "--sync", window)
        time.sleep(0.3)
        xdotool("key", "Escape")
        self.wait_dialog_closed()

    def pick_file(self, button, path, field=None, shows=None):
        """Chooses `path` in the native dialog that `button` opens ("<field>-browse", or a button
        that needs a file and has none), then waits until `field` shows the chosen path (or
        `shows`, e.g. with the extension the format adds). Gives the dialog's title."""
        element = self.find(button)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()  # no wait_idle: the dialog is open until it is answered
        title = self.answer_dialog(path)
        field = field or button.removesuffix("-browse")
        expected = str(shows if shows is not None else path)
        self.wait.until(lambda d: self.find(field).get_attribute("value") == expected)
        self.wait_idle()
        return title

    def screenshot(self, name):
        """Captures the X display the window is on, as a person would see it.

        WebKitWebDriver's own screenshot hangs on some pages under Xvfb, so this asks X.
        """
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        time.sleep(1.0)  # let WebKit paint the last DOM change
        subprocess.run(["import", "-window", "root", str(SCREENSHOTS / f"{name}.png")], check=True, timeout=30)

    def quit(self):
        self.driver.quit()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tafel-e2e.db"


@pytest.fixture
def launch():
    """Launches the app; every window opened is closed after the test."""
    opened = []

    def _launch(db_path, demo=False):
        app = App(db_path, demo=demo)
        opened.append(app)
        return app

    yield _launch
    for app in opened:
        try:
            app.quit()
        except Exception:  # already closed by the test
            pass

"""Drives the real Tafel window through tauri-driver (WebKitWebDriver) under Xvfb.

`run.sh` starts Xvfb and tauri-driver and sets TAFEL_APP (the built binary) and
TAFEL_DB_KEY; each test launches the app on its own database file.
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


class App:
    """One running Tafel window and helpers to use it as a person would."""

    def __init__(self, db_path, demo=False):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        args = ["--db", str(db_path)] + (["--demo"] if demo else [])
        options.set_capability("tauri:options", {"application": os.environ["TAFEL_APP"], "args": args})
        self.driver = webdriver.Remote(command_executor=DRIVER_URL, options=options)
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

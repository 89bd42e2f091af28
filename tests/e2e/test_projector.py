"""The slide on a real second screen: Tafel on a laptop with a projector beside it.

Xvfb cannot have two monitors side by side (its Xinerama heads both sit at 0,0), so this test
starts an X server of its own: Xorg with the dummy video driver, whose two RandR outputs are
set side by side with xrandr (the laptop's screen at 0,0 and the projector at 1280,0, both
1280×800), and Openbox as the window manager that carries out a full-screen request, as any
desktop does. The app runs there through a tauri-driver of its own. The slide window must
open full screen on the projector and the main window, with the coordinator's panel, stay on
the laptop's screen. Xorg, the dummy driver, xrandr and Openbox are Debian packages the
Makefile installs; a missing one fails the test.
"""

import os
import pathlib
import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.keys import Keys

from conftest import App, DRIVER_URL, SCREENSHOTS
from test_settings import palette_run, press

SCREEN_W, SCREEN_H = 1280, 800

XORG_CONF = """
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0 - 1000.0
  VertRefresh 5.0 - 200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 2560 800
  EndSubSection
EndSection
"""


def run(env, *args):
    out = subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, f"{' '.join(args)} failed: {out.stderr.strip()}"
    return out.stdout


def wait_for(what, check, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not there within {timeout} s")


@pytest.fixture(scope="module")
def two_screens(tmp_path_factory):
    """An X display with two monitors side by side, a window manager and a tauri-driver on it."""
    for tool in ("Xorg", "xrandr", "openbox", "xdotool"):
        assert shutil.which(tool), f"{tool} ontbreekt: make test installeert het (Makefile, APT_PACKAGES)"
    assert pathlib.Path("/usr/lib/xorg/modules/drivers/dummy_drv.so").exists(), "xserver-xorg-video-dummy ontbreekt"
    tmp = tmp_path_factory.mktemp("two-screens")
    conf = tmp / "xorg.conf"
    conf.write_text(XORG_CONF)
    display = 70
    while pathlib.Path(f"/tmp/.X{display}-lock").exists():
        display += 1
    env = dict(os.environ, DISPLAY=f":{display}")
    started = []
    try:
        # Xorg takes a configuration file from anywhere only from root (sudo where the tests are not).
        as_root = [] if os.geteuid() == 0 else ["sudo", "-n"]
        started.append(subprocess.Popen(
            as_root + ["Xorg", env["DISPLAY"], "-config", str(conf), "-noreset", "-nolisten", "tcp", "-logfile", str(tmp / "xorg.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for("Xorg", lambda: subprocess.run(["xrandr"], env=env, capture_output=True).returncode == 0)
        run(env, "xrandr", "--output", "DUMMY0", "--mode", f"{SCREEN_W}x{SCREEN_H}", "--pos", "0x0", "--primary")
        run(env, "xrandr", "--addmode", "DUMMY1", f"{SCREEN_W}x{SCREEN_H}")
        run(env, "xrandr", "--output", "DUMMY1", "--mode", f"{SCREEN_W}x{SCREEN_H}", "--right-of", "DUMMY0")
        monitors = run(env, "xrandr", "--listmonitors")
        assert "Monitors: 2" in monitors and f"+{SCREEN_W}+0" in monitors, monitors
        started.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        port = (urlparse(DRIVER_URL).port or 4444) + 10
        tools = pathlib.Path(__file__).resolve().parents[2] / ".tools" / "bin" / "tauri-driver"
        started.append(subprocess.Popen(
            [str(tools), "--port", str(port), "--native-port", str(port + 1)], env=env,
            stdout=open(tmp / "tauri-driver.log", "w"), stderr=subprocess.STDOUT))
        # Both ports: tauri-driver answers at once, but passes the session on to the
        # WebKitWebDriver it starts, which listens a moment later (asked too early, the
        # session is refused: "Connection refused", seen in two of four full runs).
        for listening in (port, port + 1):
            wait_for(f"port {listening}", lambda: subprocess.run(["bash", "-c", f"exec 3<>/dev/tcp/127.0.0.1/{listening}"], capture_output=True).returncode == 0)
        yield {"env": env, "driver_url": f"http://127.0.0.1:{port}"}
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def window_geometry(env, title):
    """(x, y, width, height) of the visible X window whose title is exactly `title`."""
    ids = run(env, "xdotool", "search", "--onlyvisible", "--name", f"^{title}$").split()
    assert len(ids) == 1, f"{len(ids)} windows named {title!r}"
    shell = run(env, "xdotool", "getwindowgeometry", "--shell", ids[0])
    values = dict(line.split("=", 1) for line in shell.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def test_the_slide_goes_full_screen_on_the_projector_and_the_panel_stays_on_the_laptop(two_screens, db_path):
    env = two_screens["env"]
    app = App(db_path, demo=True, driver_url=two_screens["driver_url"])
    try:
        main = app.driver.current_window_handle
        palette_run(app, "overleg")
        app.find("presentation")
        app.find("coordinator-panel")
        app.click(app.find("present-projector"))
        app.wait.until(lambda d: len(d.window_handles) == 2)
        app.find("projector-on")

        # The projector's window covers the second screen, and only it.
        wait_for("the slide full screen on the projector",
                 lambda: window_geometry(env, "Tafel — presentatie") == (SCREEN_W, 0, SCREEN_W, SCREEN_H))
        # The coordinator's window stays on the laptop's screen.
        x, _, width, _ = window_geometry(env, "Tafel")
        assert 0 <= x and x + width <= SCREEN_W, (x, width)

        presenter = next(h for h in app.driver.window_handles if h != main)
        app.driver.switch_to.window(presenter)
        assert app.driver.execute_script("return [window.innerWidth, window.innerHeight]") == [SCREEN_W, SCREEN_H]
        assert app.find("slide-position").text == "1 / 2"
        assert not app.all("coordinator-panel"), "the panel must not reach the projector"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SCREENSHOTS / "two-screens.png")], env=env, check=True, timeout=30)

        # The keys on the laptop move the projector's slide.
        app.driver.switch_to.window(main)
        press(app, Keys.ARROW_RIGHT)
        app.driver.switch_to.window(presenter)
        app.wait.until(lambda d: app.find("slide-position").text == "2 / 2")
    finally:
        app.quit()

"""axe-core in the real window: `check_axe(app, "case list")` runs the axe-core the UI's
node_modules hold (npm `axe-core`, a devDependency of ui/) inside the app's webview through
WebDriver and fails on any critical or serious violation, naming each rule, what it means
and the elements it found.

One line per screen: bring the screen up, then `check_axe(app, "<screen>")`.
"""

import json
import pathlib

AXE_JS = pathlib.Path(__file__).resolve().parents[2] / "ui" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# Runs axe on the whole document; WCAG 2.1 A and AA and axe's best practices, as axe's
# default run does. The result is given back as JSON text (a WebDriver answer carries plain data).
_RUN = """
const done = arguments[arguments.length - 1];
window.axe.run(document, { resultTypes: ["violations"] })
  .then((r) => done(JSON.stringify(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary })),
  })))))
  .catch((e) => done(JSON.stringify({ error: String(e) })));
"""


def axe_violations(app):
    """Every violation axe finds on what the window shows now (all impacts)."""
    driver = app.driver
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8") + "\n;return true;")
    driver.set_script_timeout(60)
    result = json.loads(driver.execute_async_script(_RUN))
    if isinstance(result, dict):
        raise AssertionError(f"axe-core did not run: {result['error']}")
    return result


def axe_problems(app, screen):
    """The critical and serious violations on the screen, as a readable text ("" when none)."""
    app.wait_idle()
    found = [v for v in axe_violations(app) if v["impact"] in BLOCKING]
    if not found:
        return ""
    app.screenshot(f"axe-{screen.replace(' ', '-')}")
    lines = [f"axe-core: {len(found)} critical or serious violation(s) on {screen}:"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {n['html']}")
            lines.append(f"      {n['summary'].splitlines()[-1].strip() if n['summary'] else ''}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check_axe(app, screen):
    """Fails when the screen has a critical or serious accessibility violation."""
    problems = axe_problems(app, screen)
    if problems:
        raise AssertionError(problems)


class AxeScreens:
    """Checks screen after screen and fails once at the end, naming every screen's violations."""

    def __init__(self, app):
        self.app = app
        self.problems = []

    def check(self, screen):
        problems = axe_problems(self.app, screen)
        if problems:
            self.problems.append(problems)

    def assert_none(self):
        assert not self.problems, "\n\n".join(self.problems)

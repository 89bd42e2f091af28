"""End-to-end: the match list with reasons and the stack builder on a demo case."""

import time

from selenium.webdriver.common.by import By


def open_case(app, text):
    app.cases().search(text)
    rows = app.all("case-row")
    assert rows, f"no case for {text!r}"
    app.click(rows[0])
    return app.find("case-detail")


def test_match_list_stack_pin_and_plan(launch, db_path):
    app = launch(db_path, demo=True)
    open_case(app, "Zonnedauw")  # € 40.000 microcredit for a starter in Utrecht
    panel = app.find("match-panel")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", panel)
    app.wait.until(lambda d: len(app.all("match-row")) > 0)
    rows = app.all("match-row")
    scores = [float(r.get_attribute("data-score")) for r in rows]
    assert scores == sorted(scores, reverse=True), "best first"
    top = " ".join(r.get_attribute("textContent") for r in rows[:3])
    assert "Qredits" in top, top
    reasons = rows[0].find_elements(By.CSS_SELECTOR, '[data-testid="match-reason"]')
    assert reasons and all(r.get_attribute("textContent").strip() for r in reasons)
    assert any(r.get_attribute("data-kind") for r in reasons)

    app.click(app.find("show-excluded"))
    excluded = app.wait.until(lambda d: app.all("excluded-row"))
    text = " ".join(e.get_attribute("textContent") for e in excluded)
    assert "Invest-NL" in text
    assert "regio" in text.lower(), "a regional fund elsewhere is excluded for its region"
    app.screenshot("match-panel")

    cards = app.wait.until(lambda d: app.all("stack-card"))
    for card in cards:
        assert abs(int(card.get_attribute("data-total-cents")) - int(card.get_attribute("data-need-cents"))) <= 100
    first_tranche = cards[0].find_element(By.CSS_SELECTOR, '[data-testid="stack-tranche"]')
    pinned_instrument = first_tranche.get_attribute("data-instrument-id")
    app.click(first_tranche.find_element(By.CSS_SELECTOR, '[data-testid="tranche-pin"]'))
    app.wait.until(lambda d: app.all("pin-chip"))
    time.sleep(0.5)
    app.wait_idle()
    cards = app.wait.until(lambda d: app.all("stack-card"))
    for card in cards:
        ids = [t.get_attribute("data-instrument-id") for t in card.find_elements(By.CSS_SELECTOR, '[data-testid="stack-tranche"]')]
        assert pinned_instrument in ids, "the pinned tranche stays in every stack"

    app.click(cards[0].find_element(By.CSS_SELECTOR, '[data-testid="stack-save"]'))
    plan = app.find("saved-plan")
    plan_ids = [t.get_attribute("data-instrument-id") for t in plan.find_elements(By.CSS_SELECTOR, '[data-testid="plan-tranche"]')]
    assert pinned_instrument in plan_ids or plan.find_elements(By.CSS_SELECTOR, '[data-testid="plan-tranche"]')
    app.screenshot("stack-plan")
    app.quit()

    # The plan is stored: a new window shows it.
    app = launch(db_path)
    open_case(app, "Zonnedauw")
    assert app.find("saved-plan").find_elements(By.CSS_SELECTOR, '[data-testid="plan-tranche"]')


def test_nothing_matching_shows_the_nearest_and_the_north_gets_nom(launch, db_path):
    app = launch(db_path, demo=True)
    # A plate-metal supplier in turnaround: no instrument of the register serves that stage.
    open_case(app, "Hoogezand")
    panel = app.find("match-panel")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", panel)
    app.find("match-empty")
    items = app.wait.until(lambda d: app.all("nearest-item"))
    assert 1 <= len(items) <= 5
    for item in items:
        conditions = item.find_elements(By.CSS_SELECTOR, '[data-testid="nearest-condition"]')
        assert conditions, "each nearest instrument says which condition it fails"
        assert all(" — " in c.get_attribute("textContent") for c in conditions), "what it asks — what the case is"
    distances = [float(i.get_attribute("data-distance")) for i in items]
    assert distances[0] <= distances[-1], "closest first"
    assert not app.all("match-row")
    app.screenshot("match-nearest")

    # A Frisian dairy: NOM invests across the north's sectors, agri-food included.
    app.find("nav-cases").click()
    app.wait_idle()
    open_case(app, "Greidhoeve")
    app.wait.until(lambda d: len(app.all("match-row")) > 0)
    rows = " ".join(r.get_attribute("textContent") for r in app.all("match-row"))
    assert "NOM" in rows, rows
    app.quit()

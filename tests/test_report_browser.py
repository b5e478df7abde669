"""The report in headless Chromium (Debian's chromium and chromium-driver, driven by selenium):
every page renders without a JavaScript error, a click on a value scrolls to its highlighted
evidence, a click on a graph node opens its notice, and markup in a notice stays inert."""
import shutil
import tempfile

import pytest

from tests.test_report import N_NOTICES, build_site
from tests.test_report import TODAY as REPORT_DAY

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000"]
TODAY = REPORT_DAY.isoformat()


def _binaries():
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    return browser, driver


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    path, driver_path = _binaries()
    if not (path and driver_path):
        pytest.skip("no Chromium and chromedriver on this machine (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = path
    for f in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(f)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory, "browser")


def _open(drv, path, query=f"?today={TODAY}"):
    drv.get_log("browser")  # drop what earlier pages logged
    drv.get(path.as_uri() + query)
    return drv


def _errors(drv):
    """Console errors: script exceptions, CSP violations, resources that failed to load."""
    return [e for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def test_index_renders_filters_and_searches_the_text(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    drv = _open(browser, site / "index.html")
    rows = drv.find_elements(By.CSS_SELECTOR, "#notices tbody tr")
    assert len(rows) == N_NOTICES
    Select(drv.find_element(By.ID, "f-level")).select_by_value("provincial")
    visible = [r for r in rows if r.is_displayed()]
    assert visible and len(visible) < N_NOTICES
    assert all(r.get_attribute("data-level") == "provincial" for r in visible)
    Select(drv.find_element(By.ID, "f-level")).select_by_value("")
    drv.find_element(By.ID, "q").send_keys("晋城开放大学")      # a word of one notice's body only
    WebDriverWait(drv, 20).until(lambda d: len([r for r in rows if r.is_displayed()]) == 1)
    (hit,) = [r for r in rows if r.is_displayed()]
    assert hit.get_attribute("data-id") == "002_fc2eac345f00a229"
    assert "晋城开放大学" in hit.find_element(By.CSS_SELECTOR, ".snippet").text
    drv.find_element(By.CSS_SELECTOR, "th[data-sort=title]").click()
    assert _errors(drv) == []


def test_a_click_on_a_value_scrolls_to_its_highlighted_evidence(browser, site):
    from selenium.webdriver.common.by import By

    drv = _open(browser, site / "notices" / "002_fc2eac345f00a229.html")
    box = drv.find_element(By.ID, "text-panel")       # the text scrolls inside its own panel
    assert drv.execute_script("return arguments[0].scrollTop", box) == 0
    link = next(a for a in drv.find_elements(By.CSS_SELECTOR, "#contacts ~ dl a.ev-link") if "18303511212" in a.text)
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    active = drv.find_elements(By.CSS_SELECTOR, "mark.ev.active")
    assert active and "薛磊" in "".join(m.text for m in active)
    assert drv.execute_script("return arguments[0].scrollTop", box) > 0
    inside = drv.execute_script("""
        const m = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();
        return m.top >= b.top && m.bottom <= b.bottom && m.height > 0;""", active[0], box)
    assert inside, "the highlighted evidence is not scrolled into the text panel"
    assert _errors(drv) == []


def test_markup_in_a_notice_stays_inert(browser, site):
    from selenium.webdriver.common.by import By

    for page in (site / "notices" / "hostile_notice.html", site / "index.html"):
        drv = _open(browser, page)
        drv.find_element(By.TAG_NAME, "body")
        assert drv.execute_script("return window.PWNED === undefined")
        assert drv.find_elements(By.CSS_SELECTOR, "main img, main svg") == []
    drv = _open(browser, site / "notices" / "hostile_notice.html")
    text = drv.find_element(By.ID, "notice-text").text
    assert "<script>window.PWNED=1</script>" in text and 'onerror="window.PWNED=2"' in text
    assert drv.find_element(By.CSS_SELECTOR, "h1").text.count("<script>") == 1
    drv = _open(browser, site / "index.html")
    drv.find_element(By.ID, "q").send_keys("onerror")
    assert drv.execute_script("return window.PWNED === undefined")
    assert _errors(drv) == []


def test_calendar_shows_this_week_first_and_the_month(browser, site):
    from selenium.webdriver.common.by import By

    drv = _open(browser, site / "calendar.html")
    week = drv.find_elements(By.CSS_SELECTOR, "#week-items li")
    assert week and "2022-11-30" in week[0].text
    assert week[0].find_element(By.TAG_NAME, "a").get_attribute("href").endswith("002_fc2eac345f00a229.html")
    assert "2022" in drv.find_element(By.ID, "month-title").text
    assert drv.find_elements(By.CSS_SELECTOR, "#month-grid td[data-date='2022-11-30'] a.cal-item")
    drv.find_element(By.ID, "next-month").click()
    assert drv.find_elements(By.CSS_SELECTOR, "#month-grid td[data-date='2022-12-25']")
    assert drv.find_element(By.CSS_SELECTOR, "a[href='calendar.ics']")
    assert _errors(drv) == []


def test_graph_renders_and_a_click_on_a_node_opens_its_notice(browser, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    drv = _open(browser, site / "graph.html")
    WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.dataset.chartReady === '1'"))
    assert drv.find_elements(By.CSS_SELECTOR, "#graph-chart canvas")
    target = drv.execute_script("""
        const opt = window.noticeGraph.getOption().series[0];
        const n = opt.data.find(d => d.url && d.url.includes('002_fc2eac345f00a229'));
        return {xy: window.noticeGraph.convertToPixel({seriesIndex: 0}, [n.x, n.y]), url: n.url};""")
    chart = drv.find_element(By.ID, "graph-chart")
    x, y = target["xy"]
    w, h = chart.size["width"], chart.size["height"]
    ActionChains(drv).move_to_element_with_offset(chart, int(x - w / 2), int(y - h / 2)).click().perform()
    WebDriverWait(drv, 20).until(lambda d: "/notices/" in d.current_url)
    assert drv.current_url.endswith(target["url"].split("/")[-1])
    assert _errors(drv) == []


def test_implementation_view_renders(browser, site):
    from selenium.webdriver.common.by import By

    drv = _open(browser, site / "implementation.html")
    sections = drv.find_elements(By.CSS_SELECTOR, "section.directive")
    assert sections
    moe = next(s for s in sections if "教职成厅函〔2022〕22号" in s.text)
    assert "山西省" in moe.find_element(By.CSS_SELECTOR, "table.coverage").text
    assert "北京市" in moe.find_element(By.CSS_SELECTOR, "p.missing").text
    assert _errors(drv) == []


def test_compare_page_renders(browser, site):
    from selenium.webdriver.common.by import By

    page = next((site / "compare").glob("*.html"))
    drv = _open(browser, page)
    assert drv.find_elements(By.CSS_SELECTOR, "section.comparison")
    assert _errors(drv) == []

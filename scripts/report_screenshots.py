"""Screenshots of the report for the README: docs/report-*.png.

    python scripts/report_screenshots.py [--out DIR]   # DIR: an ingested output directory (default: a fresh
                                                       # ingest of corpus/ in a temporary directory)
Needs Chromium and chromedriver (apt-get install chromium chromium-driver) and selenium.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = "2022-11-28"
SHOTS = [("report-index.png", "index.html", None),
         ("report-notice.png", "notices/002_fc2eac345f00a229.html", "a.ev-link[data-ev]"),
         ("report-calendar.png", "calendar.html", None),
         ("report-graph.png", "graph.html", None),
         ("report-implementation.png", "implementation.html", None)]


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from pipeline.report import build_report
    from pipeline.store import ingest

    p = argparse.ArgumentParser()
    p.add_argument("--out", help="an output directory already ingested")
    a = p.parse_args()
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="report-shots-"))
    if not a.out:
        ingest([ROOT / "corpus"], out)
    import datetime as dt

    site = build_report(out, today=dt.date.fromisoformat(TODAY)).directory
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for f in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--window-size=1360,860", "--hide-scrollbars", f"--user-data-dir={profile}"]:
        opts.add_argument(f)
    drv = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    try:
        for name, page, click in SHOTS:
            drv.get((site / page).as_uri() + f"?today={TODAY}")
            time.sleep(1.0)
            if click:
                links = [x for x in drv.find_elements(By.CSS_SELECTOR, click) if "18303511212" in x.text]
                if links:
                    drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
                    links[0].click()
                    drv.execute_script("window.scrollTo(0, 0)")
                    time.sleep(0.3)
            drv.save_screenshot(str(ROOT / "docs" / name))
            print(ROOT / "docs" / name)
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Opens rendered reports in headless Chromium and checks what a reader would meet.

Usage: browser_test.py OUT_DIR REPORT.html...

For every report, at 1280 px and 390 px wide: no console errors, no horizontal overflow of the
page (wide tables must scroll inside their box), every SVG has a non-zero size, no request
leaves the page, the title is the one Quire wrote (a hostile payload that would change
`document.title` must not run), and the page is still the report a second after loading (a
`<meta http-equiv="refresh">` would have navigated away). Saves a screenshot per report and
width into OUT_DIR.

Needs Debian's chromium, chromium-driver and python3-selenium; run with /usr/bin/python3.
"""
import json
import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def driver():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(browser, path, width, out):
    problems = []
    browser.set_window_size(width, 1000)
    browser.get(path.resolve().as_uri())
    # A refresh with a zero delay fires right after the load; give it the time to.
    time.sleep(1)
    if browser.current_url != path.resolve().as_uri():
        problems.append(f"navigated away to {browser.current_url}")
        return problems
    expected = browser.execute_script(
        "return document.querySelector('title') ? document.querySelector('title').textContent : ''")
    for entry in browser.get_log("browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error: {entry.get('message')}")
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                problems.append(f"network request: {url}")
    if browser.title != expected:
        problems.append(f"document.title changed to {browser.title!r}: a script ran")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"page overflows horizontally by {overflow}px at {width}px")
    empty = browser.execute_script(
        "return [...document.querySelectorAll('svg')].filter(s => {"
        "const r = s.getBoundingClientRect(); return r.width === 0 || r.height === 0; }).length")
    if empty:
        problems.append(f"{empty} svg element(s) with zero size")
    broken = browser.execute_script(
        "return [...document.images].filter(i => i.complete && i.naturalWidth === 0).length")
    if broken:
        problems.append(f"{broken} broken image(s)")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(max(height, 600), 12000))
    browser.save_screenshot(str(out / f"{path.stem}-{width}.png"))
    return problems


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    reports = [pathlib.Path(p) for p in sys.argv[2:]]
    browser = driver()
    failed = 0
    try:
        for report in reports:
            for width in (1280, 390):
                problems = check(browser, report, width, out)
                status = "ok" if not problems else "FAIL"
                print(f"{status:4} {report.name} @{width}px")
                for problem in problems:
                    print(f"     {problem}")
                failed += bool(problems)
    finally:
        browser.quit()
    print(f"screenshots in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

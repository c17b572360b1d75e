#!/usr/bin/env python3
"""Opens rendered reports in headless Chromium and checks what a reader would meet.

Usage: browser_test.py OUT_DIR REPORT.html...

For every report, at 1280 px and 390 px wide: no console errors, no horizontal overflow of the
page (wide tables must scroll inside their box), every SVG has a non-zero size, no request
leaves the page, the title is the one Quire wrote (a hostile payload that would change
`document.title` must not run), and the page is still the report a second after loading (a
`<meta http-equiv="refresh">` would have navigated away). Saves a screenshot per report and
width into OUT_DIR.

Wide tables, at 1280 px: a table wider than the text column scrolls inside its own box, that box
uses the window's width before it scrolls, its last column can be scrolled into view, and its first
column stays in view while it is. At 390 px: every monitoring row's status is on screen without
scrolling. In print (the report as Chromium prints it on US Letter): nothing is wider than the
page or hidden in a scroll box, and the pages are not mostly gaps (at most a fifth more pages
than the printed content fills, rounded up).

Needs Debian's chromium, chromium-driver and python3-selenium; run with /usr/bin/python3.
"""
import base64
import json
import math
import pathlib
import re
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


# Chromium's default print page: US Letter with 0.4 in margins, in CSS px (96 per inch).
PRINT_WIDTH = round((8.5 - 0.8) * 96)
PRINT_HEIGHT = round((11 - 0.8) * 96)

WIDE_TABLES_JS = r"""
const problems = [];
const vw = document.documentElement.clientWidth;
const scroller = (el) => {
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return box;
  }
  return null;
};
// Whether a reader sees the cell: it is on screen and nothing (a sticky cell) covers it.
const inside = (cell) => {
  const r = cell.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 4), r.top + r.height / 2);
  return hit !== null && cell.contains(hit);
};
document.querySelectorAll('table').forEach((table, index) => {
  const name = `table ${index + 1} (${table.className || 'no class'})`;
  const row = table.rows[0];
  if (!row || row.cells.length < 2) return;
  const box = scroller(table);
  const column = (box || table.parentElement).getBoundingClientRect().width;
  const width = table.getBoundingClientRect().width;
  if (width <= column + 1) return;
  if (!box) { problems.push(`${name} is ${Math.round(width)}px wide and does not scroll`); return; }
  const room = Math.min(width, vw - 32);
  if (box.clientWidth + 1 < room) {
    problems.push(`${name} scrolls in ${box.clientWidth}px although the window has room for ${Math.round(room)}px`);
  }
  window.scrollBy(0, row.getBoundingClientRect().top - window.innerHeight / 2);
  box.scrollLeft = box.scrollWidth;
  const last = row.cells[row.cells.length - 1];
  if (!inside(last)) problems.push(`${name}: the last column cannot be scrolled into view`);
  if (!inside(row.cells[0])) problems.push(`${name}: the first column scrolls away`);
  box.scrollLeft = 0;
});
window.scrollTo(0, 0);
return problems;
"""

STATUS_JS = r"""
const problems = [];
document.querySelectorAll('table').forEach((table, index) => {
  const head = [...(table.tHead ? table.tHead.rows[0].cells : [])].map(c => c.textContent.trim());
  const column = head.indexOf('status');
  if (column < 0) return;
  for (const row of table.tBodies[0] ? table.tBodies[0].rows : []) {
    const cell = [...row.cells].find(c => c.querySelector('.badge')) || row.cells[column];
    if (!cell) continue;
    // As the report loads: scrolled down to the row, never sideways.
    window.scrollBy(0, row.getBoundingClientRect().top - window.innerHeight / 2);
    const r = cell.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (r.left < 0 || r.right > document.documentElement.clientWidth + 1 || !hit || !cell.contains(hit)) {
      problems.push(`table ${index + 1}: the status of row "${row.cells[0].textContent.trim()}" is off screen`);
      break;
    }
  }
});
window.scrollTo(0, 0);
return problems;
"""

PRINT_LAYOUT_JS = r"""
const problems = [];
const de = document.documentElement;
if (de.scrollWidth > de.clientWidth + 1) problems.push(`the printed page is ${de.scrollWidth}px wide, the paper ${de.clientWidth}px`);
for (const el of document.body.querySelectorAll('*')) {
  const style = getComputedStyle(el);
  if (style.display === 'none' || !['auto', 'scroll', 'hidden'].includes(style.overflowX)) continue;
  if (el.scrollWidth > el.clientWidth + 1) {
    problems.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth - el.clientWidth}px hidden in print`);
  }
}
for (const el of document.querySelectorAll('table, pre, svg, img')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > de.clientWidth + 1) problems.push(`${el.tagName.toLowerCase()} runs off the paper`);
}
return [problems, de.scrollHeight];
"""


def check_print(browser):
    """The report as printed: laid out for the paper's width, and its page count."""
    problems = []
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.5, "paperHeight": 11})["data"])
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PRINT_WIDTH, "height": PRINT_HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    try:
        clipped, height = browser.execute_script(PRINT_LAYOUT_JS)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    problems += [f"print: {problem}" for problem in clipped[:5]]
    bound = math.ceil(height / PRINT_HEIGHT * 1.2)
    if pages > bound:
        problems.append(f"print: {pages} pages for {height / PRINT_HEIGHT:.1f} pages of content (at most {bound})")
    return problems, pages


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
    if width >= 1280:
        problems += browser.execute_script(WIDE_TABLES_JS)
    else:
        problems += browser.execute_script(STATUS_JS)
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
            problems, pages = check_print(browser)
            print(f"{'ok' if not problems else 'FAIL':4} {report.name} printed: {pages} pages")
            for problem in problems:
                print(f"     {problem}")
            failed += bool(problems)
    finally:
        browser.quit()
    print(f"screenshots in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

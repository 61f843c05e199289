"""Browser tests: headless Debian Chromium, driven by Selenium, against pytest-django's live server.

One Chromium runs for the whole session (starting it is the slow part); each test gets a fresh database
with the small demo world, a cleared cookie jar and the desktop window size.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from renshe.core import demo

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = (1366, 900)
WAIT_SECONDS = 10

# Selenium Manager is skipped when the Service names a driver; SE_OFFLINE makes sure it never downloads.
os.environ.setdefault("SE_OFFLINE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed")
    profile = tempfile.mkdtemp(prefix="renshe-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
        f"--user-data-dir={profile}",
        "--lang=zh-CN",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    # The bureau's staff browse in Chinese: Accept-Language picks the default UI language.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    # console errors (a script failing, a Content-Security-Policy violation) fail the test
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Browser:
    driver: webdriver.Chrome
    base_url: str
    world: demo.DemoWorld
    # URLs a test opens knowing they answer with an error status (Chromium logs those as errors)
    expected_errors: list[str] = field(default_factory=list)

    def get(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    def find(self, css: str, within: WebElement | None = None) -> WebElement:
        return (within or self.driver).find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str, within: WebElement | None = None) -> list[WebElement]:
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def wait(self, condition, seconds: float = WAIT_SECONDS):
        # While a click navigates, Chromium may answer about a node of the page being replaced ("does not
        # belong to the document"): poll again, as for a stale element; a real failure still times out.
        return WebDriverWait(self.driver, seconds, ignored_exceptions=(WebDriverException,)).until(condition)

    def wait_for(self, css: str) -> WebElement:
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_for_text(self, css: str, text: str) -> None:
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))

    def type(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def login(self, username: str, password: str = demo.DEMO_PASSWORD) -> None:
        self.get("/login/")
        self.type("#id_username", username)
        self.type("#id_password", password)
        self.find("form button[type=submit]").click()
        self.wait_for(".topbar")

    def lang(self) -> str:
        # read by script: an element found just before a navigation would go stale
        return self.driver.execute_script("return document.documentElement.lang")

    def status_of(self, path: str) -> int:
        """The HTTP status of a same-origin GET, fetched with the browser's cookies."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), () => done(0));",
            self.base_url + path,
        )

    def settle_charts(self) -> None:
        """Let the page's charts draw: they have no entry animation (static/renshe/js/charts.js), so ECharts
        has painted them once their element exists and two animation frames have passed."""
        charts = self.find_all("[data-chart]")
        if charts:
            self.wait(lambda d: all(c.find_elements(By.CSS_SELECTOR, "svg, canvas") for c in charts))
            self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
            )

    def screenshot(self, name: str) -> Path:
        """Written every run so the screenshots the README embeds stay current."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / name
        assert self.driver.save_screenshot(str(target)), f"could not write {target}"
        return target


def desktop(driver: webdriver.Chrome) -> None:
    """A 1366×900 viewport, whatever room the headless window keeps for its (invisible) frame."""
    width, height = DESKTOP
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


@pytest.fixture
def browser(chromium, live_server, transactional_db, world):
    """A logged-out Chromium on the live server, with the small demo world.

    The live server runs in a thread and must see the data, hence `transactional_db` (committed rows, the
    shared world among them; the database is emptied after the test and the world built again) rather than
    `db` (a transaction rolled back at the end, invisible to other connections).

    Static files need no settings here: pytest-django's live server wraps the site in staticfiles'
    StaticFilesHandler, as StaticLiveServerTestCase does, which serves /static/ from the finders
    whatever DEBUG says, before WhiteNoise is reached. The project's CompressedStaticFilesStorage is not
    a manifest storage, so {% static %} needs no collectstatic run either. (Were it ever switched to a
    manifest storage, override STORAGES["staticfiles"] with plain StaticFilesStorage via the `settings`
    fixture.) test_ui_tour checks that the stylesheet really applies.
    """
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.set_window_size(*DESKTOP)
    desktop(chromium)
    chromium.get_log("browser")  # drop what an earlier test left
    page = Browser(chromium, live_server.url, world)
    yield page
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    errors = [e["message"] for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    unexpected = [m for m in errors if not any(path in m for path in page.expected_errors)]
    assert not unexpected, f"errors in the browser console: {unexpected}"

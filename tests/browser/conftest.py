"""Browser tests: headless Debian Chromium, driven by Selenium, against pytest-django's live server.

One Chromium runs for the whole session (starting it is the slow part); each test gets a fresh database
with the small demo world, a cleared cookie jar and the desktop window size.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
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
    # On Linux Chromium takes its locale (date inputs, number formats) from the environment, not --lang.
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"}
    service = Service(executable_path=CHROMEDRIVER, env=env)
    driver = webdriver.Chrome(service=service, options=options)
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

    def get(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    def find(self, css: str, within: WebElement | None = None) -> WebElement:
        return (within or self.driver).find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str, within: WebElement | None = None) -> list[WebElement]:
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def wait(self, condition, seconds: float = WAIT_SECONDS):
        return WebDriverWait(self.driver, seconds).until(condition)

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
def browser(chromium, live_server, transactional_db, settings):
    """A logged-out Chromium on the live server, with the small demo world in a fresh database.

    Static files: pytest-django's live server wraps the site in staticfiles' StaticFilesHandler (as
    StaticLiveServerTestCase does), which serves /static/ from the finders whatever DEBUG says.
    The project's CompressedStaticFilesStorage is not a manifest storage, so {% static %} needs no
    collectstatic run; the plain storage below only keeps a stale var/static or a future switch to a
    manifest storage from changing what the tests load, and WHITENOISE_USE_FINDERS lets WhiteNoise
    find the same files should a request reach it. test_ui_tour checks the stylesheet really applied.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    world = demo.build(enterprises=12, people=6, seed=7)
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.set_window_size(*DESKTOP)
    desktop(chromium)
    yield Browser(chromium, live_server.url, world)
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

"""The production web entry point: gunicorn serving renshe.wsgi, static files by WhiteNoise, DEBUG off."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.keys import keys

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_login_page_and_collected_static_files(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the production path runs on PostgreSQL (bin/test's second pass)")
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        **keys(),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "0",
        "RENSHE_VAR_DIR": str(tmp_path),
    }
    bindir = Path(sys.executable).parent
    subprocess.run(
        [str(bindir / "python"), "-m", "renshe.manage_main", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [str(bindir / "gunicorn"), "renshe.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        body = page.read().decode()
        assert page.status == 200 and "人社业务平台" in body
        css = urllib.request.urlopen(f"{base}/static/renshe/css/app.css", timeout=5)
        assert css.status == 200 and b"--brand" in css.read()
        assert urllib.request.urlopen(f"{base}/static/vendor/echarts/echarts.min.js", timeout=5).status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)

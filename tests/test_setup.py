"""The README's two commands: `make lab` serves JupyterLab on notebooks/, and a second run installs nothing."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_environment_is_up_to_date_so_make_installs_nothing() -> None:
    # `make -q` exits 0 only if the target needs no work: the pinned .venv is reused as it is.
    assert subprocess.run(["make", "-q", "venv"], cwd=ROOT).returncode == 0


def test_make_lab_serves_the_notebooks(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "kaede-test", "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.Popen(["make", "lab", f"PORT={port}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    # a local server: never through a proxy, even when http_proxy / HTTP_PROXY is set
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        url = f"http://127.0.0.1:{port}/api/contents?token=kaede-test"
        deadline = time.monotonic() + 120
        listing = None
        while time.monotonic() < deadline and listing is None:
            try:
                with opener.open(url, timeout=5) as r:
                    listing = json.load(r)
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer within 120 s"
        names = {item["name"] for item in listing["content"]}
        assert "02-the-four-cases.ipynb" in names
        with opener.open(f"http://127.0.0.1:{port}/lab?token=kaede-test", timeout=10) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

"""Browser tests: Playwright (from PyPI) driving Debian's chromium, against real Voila and JupyterLab
servers started here on 127.0.0.1 and free ports, and always stopped in teardown.

Skipped, with a one-line reason, when Playwright or a chromium executable is missing (``.ci/run``
installs chromium). No browser is ever downloaded. ``NO_PROXY`` covers 127.0.0.1/localhost so the
tests also pass where ``http_proxy`` is set.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KAEDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LOCAL = "127.0.0.1,localhost"
for _var in ("NO_PROXY", "no_proxy"):
    os.environ[_var] = ",".join(filter(None, [os.environ.get(_var), LOCAL]))


def _why_skip() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no chromium browser at {CHROMIUM} (.ci/run installs it with apt-get)"
    return None


SKIP = _why_skip()


def pytest_collection_modifyitems(config, items):  # noqa: ARG001
    if SKIP:
        for item in items:
            if Path(str(item.fspath)).parent == Path(__file__).parent:
                item.add_marker(pytest.mark.skip(reason=SKIP))


LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-proxy-server"]

#: Where a page may fetch from: the server it came from (and data:/blob: URLs, which fetch nothing).
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def outside_requests(page) -> list[str]:
    """Record every request ``page`` makes to anywhere but this machine's servers (a CDN, a font
    host, an update check); the returned list fills as the page runs. Works for sync and async pages."""
    from urllib.parse import urlsplit
    seen: list[str] = []

    def check(request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if urlsplit(url).hostname not in LOCAL_HOSTS:
            seen.append(url)
    page.on("request", check)
    return seen


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def free_port() -> int:
    from kaede.workshop.serve import free_port as fp
    return fp()


def wait_http(url: str, timeout: float = 90, proc: subprocess.Popen | None = None) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before {url} answered")
        try:
            with opener.open(url, timeout=3):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def hermetic_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a server: Jupyter, IPython and matplotlib write under ``home``, not ``~``."""
    env = dict(os.environ)
    for var, sub in {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
                     "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "mpl", "XDG_CACHE_HOME": "cache",
                     "XDG_CONFIG_HOME": "xdgconfig"}.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.update(extra)
    return env


class Server:
    """A server process whose output goes to a log file; stopped (then killed) on close."""

    def __init__(self, cmd: list[str], env: dict[str, str], cwd: Path, log: Path):
        self.log = log
        self._out = open(log, "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self._out, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def close(self) -> None:
        if self.proc.poll() is None:
            import signal
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._out.close()


@pytest.fixture(scope="session")
def workshop(tmp_path_factory) -> Iterator[dict[str, object]]:
    """The participant page and the deck, both Voila, sharing one answers file (as ``make workshop``)."""
    from kaede.workshop import serve
    home = tmp_path_factory.mktemp("workshop")
    db = home / "answers.sqlite"
    session = "browser-test"
    env = hermetic_env(home, KAEDE_WORKSHOP_DB=str(db), KAEDE_WORKSHOP_SESSION=session)
    templates = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"
    tmpl = templates / serve.TEMPLATE / "static" / "revealjs"
    if not tmpl.is_dir():
        pytest.skip(f"the deck's reveal.js assets are not installed ({tmpl}); run `make workshop-assets`")
    if not (templates / serve.PAGE_TEMPLATE / "index.html.j2").is_file():
        pytest.skip(f"the participant page's template is not installed ({templates / serve.PAGE_TEMPLATE}); "
                    "run `make workshop-assets`")
    conf = serve.deck_config_dir(home / "deck-config")
    deck_env = dict(env, JUPYTER_CONFIG_PATH=str(conf))
    page_port, deck_port = free_port(), free_port()
    servers = [Server(serve.page_command(page_port, "127.0.0.1"), env, serve.ROOT, home / "page.log"),
               Server(serve.deck_command(deck_port), deck_env, serve.ROOT, home / "deck.log")]
    try:
        for port, s in zip((page_port, deck_port), servers):
            wait_http(f"http://127.0.0.1:{port}/voila/static/favicon.ico", proc=s.proc)
        yield {"page": f"http://127.0.0.1:{page_port}/", "deck": f"http://127.0.0.1:{deck_port}/",
               "db": db, "session": session, "logs": [s.log for s in servers]}
    finally:
        for s in servers:
            s.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[dict[str, object]]:
    """JupyterLab on a copy of ``notebooks/`` (so nothing it saves touches the repository)."""
    home = tmp_path_factory.mktemp("lab")
    nbdir = home / "notebooks"
    shutil.copytree(ROOT / "notebooks", nbdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = hermetic_env(home)
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={nbdir}", "--IdentityProvider.token=",
           "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    server = Server(cmd, env, home, home / "lab.log")
    try:
        wait_http(f"http://127.0.0.1:{port}/api", proc=server.proc)
        yield {"url": f"http://127.0.0.1:{port}", "notebooks": nbdir, "log": server.log}
    finally:
        server.close()

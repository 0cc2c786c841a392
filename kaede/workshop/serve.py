"""``make workshop`` and ``make slides``: start the participant page and the deck with Voila, print
their addresses, and stop both cleanly on Ctrl-C (answers are committed as they arrive, so nothing
submitted is lost).

The participant page listens on every interface and is announced on the machine's LAN address;
the deck listens on 127.0.0.1 (the facilitator's screen). Both share one answers file
(``$KAEDE_WORKSHOP_DB``, default in the user data folder) and session (``$KAEDE_WORKSHOP_SESSION``).

Examples
--------
>>> cmd = deck_command(8867)
>>> "--template=kaede-reveal" in cmd and "--Voila.ip=127.0.0.1" in cmd
True
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = Path(__file__).resolve().parent / "pages" / "participant.ipynb"
DECK = ROOT / "notebooks" / "05-facilitator-deck.ipynb"
TEMPLATE = "kaede-reveal"
#: npm's reveal.js package (CSS). Not ``static/reveal.js``: that name would shadow Voila's own
#: ``static/reveal.js`` script (which starts the slides), and the deck would stay blank.
REVEAL_PREFIX = f"/voila/templates/{TEMPLATE}/static/revealjs"
#: Idle participant kernels are culled after this many seconds (their answers are already stored).
CULL_IDLE = 900
#: Seconds Voila waits for a cell's output after the kernel replied (nbclient's default is 4).
IOPUB_TIMEOUT = 60


def lan_address() -> str:
    """The machine's address on the local network (no packet is sent), or 127.0.0.1."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))
        return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        s.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _voila(notebook: Path, port: int, ip: str, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
            "--MappingKernelManager.cull_interval=60", f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
            "--VoilaConfiguration.show_tracebacks=False", "--Voila.port_retries=0",
            # a room's phones arrive together: on a busy laptop a kernel's output can come later than
            # nbclient's 4 s default, and the page would render without its form
            f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}", *extra]


#: The participant page's template: Voila's lab template without its CDN links (``make workshop-assets``).
PAGE_TEMPLATE = "kaede-page"


def page_command(port: int, ip: str = "0.0.0.0") -> list[str]:
    """The Voila command of the participant page."""
    return _voila(PAGE, port, ip, ["--theme=light", f"--template={PAGE_TEMPLATE}"])


#: The deck's reveal settings: local reveal.js CSS, a 1280 x 720 stage scaled to the screen.
DECK_RESOURCES = {"reveal": {"url_prefix": REVEAL_PREFIX, "width": 1280, "height": 720, "scroll": False,
                             "theme": "white", "transition": "none"}}


def deck_config_dir(folder: Path) -> Path:
    """Write the deck's Voila configuration (``voila.json``) into ``folder``; add it to
    ``JUPYTER_CONFIG_PATH`` of the deck's process."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "voila.json").write_text(json.dumps({"VoilaConfiguration": {"resources": DECK_RESOURCES}}), encoding="utf-8")
    return folder


def deck_command(port: int, ip: str = "127.0.0.1") -> list[str]:
    """The Voila command of the deck: the reveal template with local assets (run it with
    :func:`deck_config_dir` on ``JUPYTER_CONFIG_PATH``)."""
    return _voila(DECK, port, ip, [f"--template={TEMPLATE}"])


def wait_ready(port: int, timeout: float = 60) -> bool:
    """Wait until Voila answers on ``port`` (probing a static file, which starts no kernel)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/favicon.ico", timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["workshop", "slides"])
    ap.add_argument("--page-port", type=int, default=int(os.environ.get("PAGE_PORT", 8866)))
    ap.add_argument("--deck-port", type=int, default=int(os.environ.get("DECK_PORT", 8867)))
    ap.add_argument("--session", default=os.environ.get("KAEDE_WORKSHOP_SESSION") or dt.date.today().isoformat())
    ap.add_argument("--local", action="store_true", help="participant page on 127.0.0.1 only")
    a = ap.parse_args(argv)
    from .store import AnswerStore, default_path
    env = dict(os.environ, KAEDE_WORKSHOP_SESSION=a.session, KAEDE_WORKSHOP_DB=str(default_path()))
    AnswerStore(env["KAEDE_WORKSHOP_DB"])
    import tempfile
    conf = deck_config_dir(Path(tempfile.mkdtemp(prefix="kaede-deck-")))
    deck_env = dict(env, JUPYTER_CONFIG_PATH=os.pathsep.join(filter(None, [str(conf), os.environ.get("JUPYTER_CONFIG_PATH")])))
    procs = []
    try:
        procs.append(subprocess.Popen(deck_command(a.deck_port), env=deck_env, cwd=ROOT))
        if a.what == "workshop":
            procs.append(subprocess.Popen(page_command(a.page_port, "127.0.0.1" if a.local else "0.0.0.0"),
                                          env=env, cwd=ROOT))
        ports = [a.deck_port] + ([a.page_port] if a.what == "workshop" else [])
        if not all(wait_ready(p) for p in ports):
            print("kaede: Voila did not start; see the messages above", file=sys.stderr)
            return 1
        print("\n" + "=" * 64)
        print(f"  Deck (facilitator's screen):  http://127.0.0.1:{a.deck_port}/")
        if a.what == "workshop":
            host = "127.0.0.1" if a.local else lan_address()
            print(f"  Participants (phones, LAN):   http://{host}:{a.page_port}/")
            print(f"  Answers file: {env['KAEDE_WORKSHOP_DB']}  (session {a.session})")
        print("  Ctrl-C stops; every submitted answer is already saved.")
        print("=" * 64 + "\n", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        print("\nkaede: stopping …", flush=True)
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

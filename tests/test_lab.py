"""`make lab`, the README's way to run the notebooks, starts for every user (root
included, which JupyterLab refuses without --allow-root), says where to open it and
serves JupyterLab there."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(address: str, until: float) -> str:
    """The page at ``address``, retried while the server is still starting."""
    while True:
        try:
            with urllib.request.urlopen(address, timeout=30) as response:
                assert response.status == 200
                return response.read().decode()
        except urllib.error.URLError:
            if time.monotonic() > until:
                raise
            time.sleep(0.5)


def test_make_lab_starts_says_where_and_serves_jupyterlab() -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    lab = subprocess.Popen(
        # This test's own venv, so `make test PYTHON=...` checks the lab of that Python.
        ["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"VENV={sys.prefix}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert lab.stdout is not None
    reader = threading.Thread(target=lambda: [lines.put(line) for line in lab.stdout], daemon=True)
    reader.start()
    seen: list[str] = []
    address = None
    try:
        deadline = time.monotonic() + 120
        while address is None and time.monotonic() < deadline and lab.poll() is None:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            found = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=\w+", seen[-1])
            address = found.group(0) if found else None
        log = "".join(seen)
        assert address, f"make lab printed no address to open:\n{log}"
        assert f"lab: JupyterLab on http://127.0.0.1:{port}/lab" in log
        assert "JupyterLab" in fetch(address, until=time.monotonic() + 60), log
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
        reader.join(timeout=30)
        lab.stdout.close()

"""Start an IPython kernel by forking it from a warm parent that has already imported
NumPy, SciPy, SymPy, mpmath, Matplotlib and ipykernel.

Jupyter runs this script (with ``python -S``: standard library only) as the kernel
process. It asks the warm parent (``zygote.py``, started here on first use and gone
half a minute after its last kernel) to fork a kernel for this connection file, lends the
kernel its standard streams, working directory and environment, and then lives exactly
as long as the kernel: it exits when the kernel does, and the kernel exits if this
process is killed. Interrupts travel as messages (``interrupt_mode``), so no signal
needs forwarding beyond SIGTERM.

Anything that goes wrong before the fork falls back to an ordinary kernel
(``python -m ipykernel_launcher``), so the warm start can only make a kernel start
faster, never make it fail.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ZYGOTE = os.path.join(HERE, "zygote.py")
# Variables that NumPy (NPY_DISABLE_CPU_FEATURES picks its SIMD kernels), OpenBLAS,
# Matplotlib and Python read when a module is imported: a parent started with other
# values would hand out kernels that ignore them.
ENV_PREFIXES = ("PYTHON", "NPY_", "OPENBLAS", "OMP_", "MKL_", "MPL", "VIRTUAL_ENV")
START_TIMEOUT = 60.0
# A Unix socket's path must fit in 108 bytes on Linux (104 on macOS).
MAX_SOCKET_PATH = 104


def installed_packages() -> str:
    """Changes whenever pip adds, removes or upgrades a package in this environment."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    site = os.path.join(os.path.dirname(os.path.dirname(sys.executable)), "lib", version)
    try:
        return str(os.stat(os.path.join(site, "site-packages")).st_mtime_ns)
    except OSError:
        return ""


def socket_path() -> str:
    """One warm parent per interpreter, installed packages, kernel code and settings."""
    digest = hashlib.sha256(sys.executable.encode())
    digest.update(installed_packages().encode())
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".py"):
            with open(os.path.join(HERE, name), "rb") as f:
                digest.update(f.read())
    for key in sorted(os.environ):
        if key.startswith(ENV_PREFIXES):
            digest.update(f"{key}={os.environ[key]}\0".encode())
    return os.path.join(
        tempfile.gettempdir(), f"activations-kernel-{os.getuid()}-{digest.hexdigest()[:16]}.sock"
    )


def connect(path: str) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


def warm_parent(path: str) -> socket.socket | None:
    """A connection to the warm parent, starting one if none is listening."""
    sock = connect(path)
    if sock is not None:
        return sock
    # One starter at a time: kernels launched side by side share one parent.
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sock = connect(path)
        if sock is not None:
            return sock
        if os.path.exists(path):
            os.unlink(path)  # left by a parent that died
        parent = subprocess.Popen(
            [sys.executable, ZYGOTE, path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and parent.poll() is None:
            sock = connect(path)
            if sock is not None:
                return sock
            time.sleep(0.02)
    return None


def wait_until_closed(sock: socket.socket) -> None:
    """Block until the other end of ``sock`` closes it or the connection breaks (a
    signal handler that returns does not interrupt the wait: Python retries)."""
    with contextlib.suppress(OSError):
        while sock.recv(4096):
            pass


def ordinary_kernel(connection_file: str) -> None:
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file])


def main() -> None:
    connection_file = sys.argv[1]
    path = socket_path()
    if len(path.encode()) >= MAX_SOCKET_PATH:
        ordinary_kernel(connection_file)
    try:
        sock = warm_parent(path)
    except OSError:
        sock = None
    if sock is None:
        ordinary_kernel(connection_file)
    request = {"connection_file": connection_file, "cwd": os.getcwd(), "env": dict(os.environ)}
    try:
        socket.send_fds(sock, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        reply = sock.makefile("rb").readline()
        pid = json.loads(reply)["pid"]
    except (OSError, ValueError, KeyError):
        ordinary_kernel(connection_file)

    def stop(signum, frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # The kernel holds the other end of this socket: end of file means it has exited.
    wait_until_closed(sock)
    sys.exit(0)


if __name__ == "__main__":
    main()

"""The warm parent of ``launch.py``: import the heavy modules once, then fork a kernel
for each request. Exits after IDLE seconds with neither a request nor a live kernel.

Only third-party modules are imported here, never ``activations``, so a kernel always
sees the package as it is on disk when the kernel starts.
"""

import importlib
import json
import os
import socket
import sys
import threading
import time

from jupyter_client import localinterfaces
from launch import wait_until_closed  # this script's directory is first on sys.path

IDLE = 30.0

# Every chapter imports these; together they are most of a kernel's start-up time.
PRELOAD = (
    "numpy",
    "scipy.special",
    "sympy",
    "mpmath",
    "matplotlib.pyplot",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
)

# What ipykernel itself would set before Matplotlib is imported in a kernel.
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
for module in PRELOAD:
    importlib.import_module(module)
localinterfaces.localhost()  # finds this machine's addresses once, for every kernel

# Forking is only safe from a single thread, and the inline backend must load inside
# the kernel (it hooks into the running IPython when it is imported).
if threading.active_count() != 1 or "matplotlib_inline.backend_inline" in sys.modules:
    sys.exit("zygote: cannot fork kernels safely; launch.py falls back to ordinary kernels")


def run_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become the kernel the launcher asked for."""
    for target, fd in enumerate(fds[:3]):
        if fd != target:
            os.dup2(fd, target)
            os.close(fd)
    # A session of its own, as jupyter_client gives a kernel: an interrupt then reaches
    # the kernel and its subprocesses, and nothing else.
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # As `python -m ipykernel_launcher` would have it: the working directory first.
    sys.path[0] = request["cwd"]
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]

    def watch_launcher() -> None:
        # The launcher stands in for this kernel; if it is killed, so is the kernel.
        wait_until_closed(conn)
        os._exit(1)

    threading.Thread(target=watch_launcher, daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=sys.argv[1:])
    os._exit(0)


def main() -> None:
    path = sys.argv[1]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    listener.settimeout(1.0)
    children: set[int] = set()
    last_active = time.monotonic()
    try:
        while children or time.monotonic() - last_active < IDLE:
            for pid in list(children):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
                    last_active = time.monotonic()
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            last_active = time.monotonic()
            conn.settimeout(10.0)
            try:
                message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
                while not message.endswith(b"\n"):
                    more = conn.recv(1 << 20)
                    if not more:
                        raise ConnectionError("launcher went away")
                    message += more
                request = json.loads(message)
            except (OSError, ValueError):
                conn.close()
                continue
            conn.settimeout(None)
            pid = os.fork()
            if pid == 0:
                try:
                    listener.close()
                    run_kernel(conn, request, fds)
                finally:
                    os._exit(1)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            conn.close()
    finally:
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    main()

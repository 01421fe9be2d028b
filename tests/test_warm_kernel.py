"""The `activations-warm` kernel (tools/warm_kernel/) that tests and builds run notebooks in.

It must behave as an ordinary IPython kernel started in the notebook's directory, only
sooner: heavy third-party modules already imported, the package itself not.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

KERNEL = "activations-warm"


@contextlib.contextmanager
def ready_client(km: KernelManager) -> Iterator[BlockingKernelClient]:
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        yield client
    finally:
        client.stop_channels()


def run(km: KernelManager, code: str) -> list[dict]:
    """Execute ``code`` and return its display and stream outputs."""
    outputs: list[dict] = []
    with ready_client(km) as client:
        reply = client.execute_interactive(
            code, timeout=60, output_hook=lambda msg: outputs.append(msg)
        )
    assert reply["content"]["status"] == "ok", reply["content"]
    return [m["content"] for m in outputs if m["msg_type"] in ("stream", "display_data")]


def printed(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") for o in outputs)


@contextlib.contextmanager
def started(cwd: Path, **env: str) -> Iterator[KernelManager]:
    """A warm kernel in ``cwd``, with ``env`` added to this process's environment."""
    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(cwd=str(cwd), env={**os.environ, **env})
    try:
        yield km
    finally:
        km.shutdown_kernel(now=True)


@pytest.fixture
def kernel(tmp_path: Path) -> Iterator[KernelManager]:
    with started(tmp_path, ACTIVATIONS_TEST_VARIABLE="passed through") as km:
        yield km


def test_kernel_starts_warm_in_the_notebook_directory(kernel, tmp_path):
    code = (
        "import json, os, sys\n"
        "print(json.dumps({'cwd': os.getcwd(), 'path0': sys.path[0],"
        " 'variable': os.environ.get('ACTIVATIONS_TEST_VARIABLE'),"
        " 'sympy': 'sympy' in sys.modules, 'activations': 'activations' in sys.modules}))"
    )
    state = json.loads(printed(run(kernel, code)))
    assert state["cwd"] == str(tmp_path)
    assert state["path0"] == str(tmp_path)
    assert state["variable"] == "passed through"
    assert state["sympy"], "the kernel was not forked from the warm parent"
    assert not state["activations"], "the package must be imported fresh in each kernel"


def test_figures_display_inline(kernel):
    code = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()"
    images = [o for o in run(kernel, code) if "image/png" in o.get("data", {})]
    assert len(images) == 1


def test_an_interrupt_stops_a_running_cell(kernel):
    pid = kernel_pid(kernel)
    assert os.getpgid(pid) == pid  # leads its own process group, as an ordinary kernel
    with ready_client(kernel) as client:
        msg_id = client.execute("import time\ntime.sleep(60)")
        time.sleep(0.5)
        interrupted = time.monotonic()
        kernel.interrupt_kernel()
        reply = client.get_shell_msg(timeout=20)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - interrupted < 10


def kernel_pid(km: KernelManager) -> int:
    return int(printed(run(km, "import os; print(os.getpid())")))


def test_kernel_ends_with_its_launcher(kernel):
    pid = kernel_pid(kernel)
    assert pid != kernel.provisioner.process.pid  # the kernel is the warm parent's child
    os.kill(kernel.provisioner.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail("the kernel outlived its launcher")


def test_falls_back_to_an_ordinary_kernel(tmp_path):
    # A warm parent that cannot start (SymPy fails to import) must not stop the kernel.
    broken = tmp_path / "broken"
    (broken / "sympy").mkdir(parents=True)
    (broken / "sympy" / "__init__.py").write_text("raise ImportError('broken on purpose')\n")
    with started(tmp_path, PYTHONPATH=str(broken)) as km:
        out = printed(run(km, "import sys; print('numpy' in sys.modules, 1 + 1)"))
    assert out.split() == ["False", "2"]


def test_a_socket_path_too_long_starts_an_ordinary_kernel(tmp_path):
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    with started(tmp_path, TMPDIR=str(deep)) as km:
        out = printed(run(km, "import sys; print('sympy' in sys.modules)"))
    assert out.split() == ["False"]

"""The Dask executor on a real `distributed.LocalCluster` (worker processes, one with GPU=1).

Tests run in file order on one cluster: it starts with one CPU worker (so a CUDA snippet has
nowhere to go), then a worker with the `GPU` resource joins; the killed-worker test is last.
The GPU resource exercises placement only: no test needs a real GPU.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.errors import UsageError
from lecture_tool.pipeline import BuildOptions, build
from lecture_tool.running.execute import Request
from lecture_tool.running.runner import SnippetRunner
from lecture_tool.running.snippet import load_snippet

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

DATA = Path(__file__).parents[1] / "data" / "project"


@pytest.fixture(scope="module")
def cpu_cluster():
    """One CPU worker; a dead worker fails its task at once instead of being retried."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def cluster(cpu_cluster):
    """The same cluster with a second worker, named `gpu`, started with resources GPU=1."""
    spec = cpu_cluster.worker_spec[0]
    options = {**spec["options"], "resources": {"GPU": 1}}
    cpu_cluster.worker_spec["gpu"] = {"cls": spec["cls"], "options": options}
    cpu_cluster.sync(cpu_cluster._correct_state)
    return cpu_cluster


def _executor(cluster) -> str:
    return cluster.scheduler_address.replace("tcp://", "dask://")


def _wait_for_start(marker: Path, words: int) -> None:
    """Until the snippet has written `words` words to `marker` (it is running by then)."""
    deadline = time.monotonic() + 120
    while not marker.is_file() or len(marker.read_text().split()) < words:
        assert time.monotonic() < deadline, "the snippet never started"
        time.sleep(0.2)


def _project(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    for name, text in (files or {}).items():
        (root / "snippets" / name).write_text(text)
    return root


CUDA_SNIPPET = """# ---
# lecture:
#   requires: [cuda]
# ---
# %% where
import os
print(os.environ["LECTURE_TOOL_DASK_WORKER"])
"""

PLAIN_SNIPPET = """# %% where
import os
from helper import GREETING
print(GREETING, os.environ.get("CUDA_VISIBLE_DEVICES"))
"""


def test_cuda_snippet_is_skipped_when_no_worker_has_the_gpu_resource(cpu_cluster, tmp_path):
    root = _project(tmp_path, {"demo/gpu.py": CUDA_SNIPPET})
    project = load_project(root)
    with SnippetRunner(project, executor=_executor(cpu_cluster)) as runner:
        result = runner.submit(Request(load_snippet(root / "snippets/demo/gpu.py"))).result(60)
    address = cpu_cluster.scheduler_address
    assert (result.status, result.reason) == (
        "skipped",
        f"requires CUDA, but CUDA is not available: no Dask worker at {address} has the GPU "
        "resource",
    )


def test_demo_builds_the_same_html_through_dask_and_locally_into_the_local_cache(cluster, tmp_path):
    local_root, dask_root = _project(tmp_path / "local"), _project(tmp_path / "dask")
    options = BuildOptions(targets=("html",), smoke=True, device="cpu")
    local = build(options, project=load_project(local_root))
    remote = build(
        BuildOptions(targets=("html",), smoke=True, device="cpu", executor=_executor(cluster)),
        project=load_project(dask_root),
    )
    assert (remote.problems, remote.snippets_run) == ([], 2)
    assert local.problems == []
    html = "build/html/demo.html"
    assert (dask_root / html).read_bytes() == (local_root / html).read_bytes()
    figure = dask_root / "build" / "figures" / "demo" / "basics"
    assert len(list(figure.parent.glob("basics@*/plot-1.svg"))) == 1
    # A later local build takes every result, figures included, from what Dask brought back.
    again = build(options, project=load_project(dask_root))
    assert (again.snippets_run, again.snippets_cached) == (0, 2)


def test_cuda_snippet_runs_on_the_gpu_worker_and_others_on_cpu(cluster, tmp_path):
    root = _project(
        tmp_path,
        {
            "demo/gpu.py": CUDA_SNIPPET,
            "demo/plain.py": PLAIN_SNIPPET,
            "demo/helper.py": "GREETING = 'hello from a sibling module'\n",
        },
    )
    with SnippetRunner(load_project(root), executor=_executor(cluster)) as runner:
        gpu = runner.submit(Request(load_snippet(root / "snippets/demo/gpu.py")))
        plain = runner.submit(Request(load_snippet(root / "snippets/demo/plain.py")))
        gpu, plain = gpu.result(120), plain.result(120)
    assert (gpu.status, gpu.device, gpu.cells[0].stdout) == ("passed", "cuda", "gpu\n")
    assert (plain.status, plain.device, plain.cells[0].stdout) == (
        "passed",
        "cpu",
        "hello from a sibling module \n",  # device cpu hides GPUs: CUDA_VISIBLE_DEVICES=""
    )


def test_failing_cell_reads_as_it_does_locally(cluster, tmp_path):
    text = "# %% fine\nprint('ok')\n# %% bad\nvalue = {}['missing']\n"
    root = _project(tmp_path, {"demo/broken.py": text})
    request = Request(load_snippet(root / "snippets/demo/broken.py"), device="cpu")
    with SnippetRunner(load_project(root), executor=_executor(cluster)) as runner:
        remote = runner.submit(request).result(120)
    with SnippetRunner(load_project(root), force=True) as runner:
        local = runner.submit(request).result(120)
    assert remote.reason == local.reason == "cell 'bad' failed"
    assert remote.cells[1].error == local.cells[1].error
    assert remote.cells[1].error.traceback == (
        "Traceback (most recent call last):\n"
        '  File "snippets/demo/broken.py", line 4, in <module>\n'
        "    value = {}['missing']\n"
        "KeyError: 'missing'\n"
    )


def test_a_worker_killed_mid_snippet_fails_the_snippet(cluster, tmp_path):
    marker = tmp_path / "pids"
    text = (
        "# ---\n# lecture:\n#   timeout: 60\n# ---\n# %% wait\nimport os, time\n"
        "pool = os.getppid()\n"
        "worker = int(open(f'/proc/{pool}/stat').read().split(')')[1].split()[1])\n"
        f"open({str(marker)!r}, 'w').write(f'{{worker}} {{pool}} {{os.getpid()}}')\n"
        "time.sleep(60)\n"
    )
    root = _project(tmp_path, {"demo/victim.py": text})
    request = Request(load_snippet(root / "snippets/demo/victim.py"), device="cpu")
    with SnippetRunner(load_project(root), executor=_executor(cluster)) as runner:
        future = runner.submit(request)
        _wait_for_start(marker, words=3)
        worker, pool, child = (int(pid) for pid in marker.read_text().split())
        os.kill(worker, signal.SIGKILL)
        started = time.monotonic()
        result = future.result(60)
        waited = time.monotonic() - started
    for orphan in (child, pool):  # the pool outlives its worker until the snippet's timeout
        try:
            os.kill(orphan, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert result.status == "failed" and waited < 30
    assert result.reason.startswith("the Dask worker running it died (Attempted to run task")


def test_a_lost_scheduler_fails_the_snippets_in_flight(tmp_path):
    """Its own cluster: the scheduler is shut down while a snippet runs on it."""
    lost = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    marker = tmp_path / "started"
    text = (
        "# ---\n# lecture:\n#   timeout: 120\n# ---\n# %% wait\nimport time\n"
        f"open({str(marker)!r}, 'w').write('yes')\n"
        "time.sleep(120)\n"
    )
    root = _project(tmp_path, {"demo/stranded.py": text})
    request = Request(load_snippet(root / "snippets/demo/stranded.py"), device="cpu")
    with SnippetRunner(load_project(root), executor=_executor(lost)) as runner:
        future = runner.submit(request)
        _wait_for_start(marker, words=1)
        lost.close()  # scheduler and workers gone: nothing will ever answer
        started = time.monotonic()
        result = future.result(90)
        waited = time.monotonic() - started
    assert result.status == "failed" and waited < 60
    # A scheduler that shuts down cancels its tasks at once; one that vanishes is noticed by
    # the watchdog after LOST_AFTER seconds. Either way: a failed snippet naming the scheduler.
    assert result.reason.startswith(
        (
            f"the Dask scheduler at {lost.scheduler_address} dropped the task",
            f"lost the connection to the Dask scheduler at {lost.scheduler_address}",
        )
    ), result.reason


def test_missing_extra_is_a_usage_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with pytest.raises(UsageError) as caught:
        SnippetRunner(load_project(_project(tmp_path)), executor="dask://127.0.0.1:8786")
    assert str(caught.value) == (
        "--executor dask://127.0.0.1:8786 needs Dask distributed, which is not installed"
        " — pip install 'lecture_tool[dask]'"
    )


def test_executor_that_is_not_a_dask_address_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as caught:
        SnippetRunner(load_project(_project(tmp_path)), executor="slurm://x")
    assert str(caught.value) == (
        "--executor slurm://x: expected dask://HOST:PORT"
        " — e.g. --executor dask://scheduler.example.org:8786"
    )


def test_cli_build_with_a_malformed_executor_exits_2(tmp_path):
    import subprocess

    root = _project(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "lecture_tool", "build", "--executor", "dask://nowhere"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "error: --executor dask://nowhere: expected dask://HOST:PORT"
        " — e.g. --executor dask://scheduler.example.org:8786\n"
    )

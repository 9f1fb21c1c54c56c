"""pytest plugin: every snippet file becomes a test item per device (`x.py::cpu`, `x.py::cuda`)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from lecture_tool.config import Project, load_project
from lecture_tool.errors import LectureError, SnippetRunFailed
from lecture_tool.running.results import SnippetResult

_RUNNER = pytest.StashKey["object"]()
_PROJECT = pytest.StashKey[Project]()
_FUTURES = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lecture_tool")
    group.addoption(
        "--lecture-full",
        action="store_true",
        help="run snippets with their full parameters instead of the smoke overrides",
    )
    group.addoption(
        "--lecture-jobs",
        type=int,
        default=None,
        help="parallel snippet workers (default: number of cores)",
    )
    group.addoption(
        "--lecture-executor",
        default=None,
        metavar="dask://HOST:PORT",
        help="run snippets on a Dask cluster instead of local workers",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_PROJECT] = load_project(config.rootpath)
    config.stash[_FUTURES] = {}


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if not _is_snippet(file_path, parent.config):
        return None
    return SnippetFile.from_parent(parent, path=file_path)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector):
    """A snippet is ours, never a Python test module: pytest would import it (running the
    user's code inside pytest at collection) when it is named on the command line."""
    if _is_snippet(module_path, parent.config):
        return _NotATestModule.from_parent(parent, path=module_path)
    return None


class _NotATestModule(pytest.File):
    """Stands in for the Module pytest would make of a snippet; `SnippetFile` runs it."""

    def collect(self):
        return []


def _is_snippet(path: Path, config: pytest.Config) -> bool:
    project = config.stash[_PROJECT]
    if path.suffix != ".py" or not path.resolve().is_relative_to(project.snippets):
        return False
    # `_helpers.py`, `__init__.py`, `conftest.py`: support code, not snippets to run.
    return not (path.name.startswith("_") or path.name == "conftest.py")


class SnippetFile(pytest.File):
    def collect(self):
        from lecture_tool.running.machine import cuda_may_exist

        yield SnippetItem.from_parent(self, name="cpu", device="cpu")
        # With a Dask executor, CUDA is wherever the cluster's GPU workers are, not here.
        remote = self.config.getoption("lecture_executor") is not None
        if (remote or cuda_may_exist()) and _runner(self.config).cuda_available():
            yield SnippetItem.from_parent(self, name="cuda", device="cuda")


class SnippetItem(pytest.Item):
    def __init__(self, *, device: str, **kwargs):
        super().__init__(**kwargs)
        self.device = device

    def runtest(self) -> None:
        futures = self.config.stash[_FUTURES]
        if self.nodeid not in futures:
            # First snippet item to run: start every selected snippet item at once so the
            # pool's workers stay busy while pytest reports them one by one.
            for item in self.session.items:
                if isinstance(item, SnippetItem) and item.nodeid not in futures:
                    futures[item.nodeid] = item.submit()
        result: SnippetResult = futures.pop(self.nodeid).result()
        for cell in result.cells:
            if cell.stdout:
                self.add_report_section("call", f"stdout {cell.name}", cell.stdout)
        if result.status == "skipped":
            pytest.skip(result.reason)
        if result.status == "failed":
            raise SnippetRunFailed(result)

    def submit(self) -> Future:
        from lecture_tool.running.execute import Request
        from lecture_tool.running.snippet import load_snippet

        future: Future = Future()
        try:
            snippet = load_snippet(self.path)
        except LectureError as exc:
            future.set_exception(exc)
            return future
        smoke = not self.config.getoption("lecture_full")
        request = Request(snippet=snippet, device=self.device, smoke=smoke)
        return _runner(self.config).submit(request)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, SnippetRunFailed):
            from lecture_tool.commands.report import format_failure

            return format_failure(excinfo.value.result)
        if isinstance(excinfo.value, LectureError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name} on {self.device}"


def _runner(config: pytest.Config):
    """Always runs (force), but stores results so a later build in the session reuses them."""
    if _RUNNER not in config.stash:
        from lecture_tool.running.runner import SnippetRunner

        config.stash[_RUNNER] = SnippetRunner(
            config.stash[_PROJECT],
            jobs=config.getoption("lecture_jobs"),
            force=True,
            executor=config.getoption("lecture_executor"),
        )
    return config.stash[_RUNNER]


def pytest_unconfigure(config: pytest.Config) -> None:
    runner = config.stash.get(_RUNNER, None)
    if runner is not None:
        runner.close()

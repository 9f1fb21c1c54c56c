"""What a course notebook runs in its kernel: the set-up cell carries this file's source.

A notebook shows the cells of several snippet files in deck order, interleaved; the slides
ran each file alone. So that the notebook runs as the slides did, `LectureNotebook`:

- gives each snippet file's cells their own namespace, switched on the first line of each
  cell (`# 06-rnn/cells.py, cell step`), with `__file__` where its files were written, the
  seed the slides used and its own random generator states (so cells of other files in
  between draw no numbers from it); a cell without that line runs in the last one's;
- writes the files snippets read beside themselves (or downloads them);
- runs, instead of a cell whose snippet needs what this runtime lacks (CUDA, a module),
  a `print` of the notice the slides show, with how to get a GPU on Colab;
- holds back, in a student notebook, the cells that need an exercise's result until the
  exercise cell has run without `raise NotImplementedError` (nbgrader's convention), with a
  notice saying so instead of a `NameError`.

Plain Python for any IPython ≥ 7 (Colab's too), standard library only. Every method imports
what it uses and names its class through `self`: a function defined in a notebook cell looks
its globals up in the user namespace, which this class swaps.
"""


class LectureNotebook:
    """Per-snippet namespaces, requirement notices and exercise gates in an IPython shell."""

    RAISE = "raise NotImplementedError"

    def __init__(self, shell, snippets, base):
        import re

        self.shell = shell
        self.snippets = snippets
        """source (`02-tensors/create.py`) → {"path", "requires", "seed", "gates", "dirs"}
        (each optional: none, seed 0 as the slides, no gates, no folder on `sys.path`)"""
        self.base = base
        """Names every fresh namespace starts with (the set-up cell's `device`)."""
        self.current = None
        self.spaces = {}
        self.randomness = {}
        """Each stashed namespace's random generator states, restored with it."""
        self.solved = set()
        self.unmet_cache = {}
        self.marker = re.compile(
            r"# (?P<source>.+?), (?P<kind>cell|exercise) (?P<cell>[a-z0-9_-]+)\s*$"
        )
        self.history = re.compile(r"_+|_i+|_i?\d+|__\w+__")

    @classmethod
    def start(cls, shell, snippets, files, downloads, base):
        """Install a runtime in `shell` (replacing one a former set-up run installed)."""
        old = getattr(shell, "_lecture_notebook", None)
        if old is not None:
            old.stop()
        runtime = cls(shell, snippets, base)
        runtime.write_files(files, downloads)
        shell.events.register("pre_run_cell", runtime.pre_run_cell)
        shell.events.register("post_run_cell", runtime.post_run_cell)
        shell.input_transformers_post.append(runtime.transform)
        shell._lecture_notebook = runtime
        return runtime

    def stop(self):
        for event, callback in (
            ("pre_run_cell", self.pre_run_cell),
            ("post_run_cell", self.post_run_cell),
        ):
            try:
                self.shell.events.unregister(event, callback)
            except ValueError:
                pass
        if self.transform in self.shell.input_transformers_post:
            self.shell.input_transformers_post.remove(self.transform)

    # -- files ------------------------------------------------------------------------

    def write_files(self, files, downloads):
        """Write the embedded files (text, or compressed bytes), download the others that are
        not there yet."""
        import os
        import urllib.request

        for path, text in files.items():
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            if isinstance(text, dict):  # a larger or binary file, compressed
                import base64
                import zlib

                with open(path, "wb") as handle:
                    handle.write(zlib.decompress(base64.b64decode(text["zlib_base64"])))
                continue
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        for path, url in downloads.items():
            if os.path.exists(path):
                continue
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            try:
                urllib.request.urlretrieve(url, path + ".part")
            except OSError as exc:
                raise RuntimeError(
                    f"could not download {path} from {url} ({exc}): a snippet of this "
                    f"notebook reads it; put the file at {os.path.abspath(path)} and run "
                    "this cell again"
                ) from None
            os.replace(path + ".part", path)

    # -- IPython hooks ----------------------------------------------------------------

    def transform(self, lines):
        """A marked cell that must not run here becomes a `print` of why (same first line)."""
        match = self.marker.match(lines[0]) if lines else None
        notice = self.notice(match) if match else None
        if notice is None:
            return lines
        first = lines[0] if lines[0].endswith("\n") else lines[0] + "\n"
        return [first, f"print({notice!r})\n"]

    def pre_run_cell(self, info):
        match = self.marker.match(info.raw_cell.split("\n", 1)[0])
        if match is not None:
            self.switch(match["source"])

    def post_run_cell(self, result):
        raw = result.info.raw_cell if getattr(result, "info", None) is not None else ""
        match = self.marker.match(raw.split("\n", 1)[0])
        if match is None or match["kind"] != "exercise":
            return
        key = (match["source"], match["cell"])
        written = self.RAISE not in raw and self.notice(match) is None
        if written and result.error_before_exec is None and result.error_in_exec is None:
            self.solved.add(key)
        else:
            self.solved.discard(key)

    # -- what runs where ----------------------------------------------------------------

    def notice(self, match):
        """Why the marked cell does not run here, or None when it runs."""
        source, cell = match["source"], match["cell"]
        unmet = self.unmet(source)
        if unmet:
            return unmet
        exercise = self.snippets.get(source, {}).get("gates", {}).get(cell)
        if match["kind"] == "cell" and exercise and (source, exercise) not in self.solved:
            return self.gate_notice(exercise, source)
        return None

    @staticmethod
    def gate_notice(exercise, source):
        """What a cell that needs an exercise the student has not written prints."""
        return (
            f"This cell needs the exercise {exercise!r} above ({source}): write it "
            "(replace its `raise NotImplementedError()`), run it, then run this cell again."
        )

    def unmet(self, source):
        """The slides' notice for a snippet whose requirements this runtime lacks, or ''."""
        if source not in self.unmet_cache:
            import importlib.util

            reason = ""
            for need in self.snippets.get(source, {}).get("requires", ()):
                if need == "cuda":
                    import torch

                    if not torch.cuda.is_available():
                        reason = self.skip_notice(source, need)
                        break
                elif importlib.util.find_spec(need) is None:
                    reason = self.skip_notice(source, need)
                    break
            self.unmet_cache[source] = reason
        return self.unmet_cache[source]

    @staticmethod
    def skip_notice(source, need):
        """The slides' notice for a snippet that needs `need` ('cuda' or a module)."""
        if need == "cuda":
            return (
                f"{source} was not run here: requires CUDA, but CUDA is not available. "
                "On Colab: Runtime > Change runtime type > a GPU (T4 GPU), then Runtime > Run all."
            )
        return (
            f"{source} was not run here: requires the module {need!r}, which is not "
            f"installed (%pip install {need}, then run this cell again)."
        )

    def switch(self, source):
        """Make `source`'s namespace the user namespace (a fresh one the first time)."""
        if source == self.current:
            return
        namespace = self.shell.user_ns
        moved = [name for name in namespace if self.movable(name)]
        self.spaces[self.current] = {name: namespace.pop(name) for name in moved}
        self.randomness[self.current] = self.random_state()
        fresh = self.spaces.pop(source, None)
        if fresh is None:
            namespace.update(self.fresh(source))
        else:  # where it left off, random generators included, as if it had run alone
            namespace.update(fresh)
            self.set_random_state(self.randomness.pop(source))
        self.current = source

    @staticmethod
    def random_state():
        """The states of Python's, NumPy's and torch's (CPU) random generators."""
        import random
        import sys

        numpy, torch = sys.modules.get("numpy"), sys.modules.get("torch")
        return (
            random.getstate(),
            numpy.random.get_state() if numpy else None,
            torch.get_rng_state() if torch else None,
        )

    @staticmethod
    def set_random_state(state):
        import random
        import sys

        python, numpy_state, torch_state = state
        random.setstate(python)
        if numpy_state is not None:
            sys.modules["numpy"].random.set_state(numpy_state)
        if torch_state is not None:
            sys.modules["torch"].set_rng_state(torch_state)

    def movable(self, name):
        """A name the user's code bound (not IPython's own, nor its output history)."""
        if name == "__file__":
            return True
        return name not in self.shell.user_ns_hidden and not self.history.fullmatch(name)

    def fresh(self, source):
        """A new namespace for `source`, seeded as the slides ran it."""
        import os
        import random
        import sys

        info = self.snippets.get(source, {})
        namespace = dict(self.base)
        if info.get("path"):
            namespace["__file__"] = os.path.abspath(info["path"])
        for folder in info.get("dirs", ()):
            folder = os.path.abspath(folder)
            if folder not in sys.path:
                sys.path.insert(0, folder)
        seed = info.get("seed", 0)
        if seed is not None:
            random.seed(seed)
            try:
                import numpy

                numpy.random.seed(seed)
            except ImportError:
                pass
            try:
                import torch

                torch.manual_seed(seed)
            except ImportError:
                pass
        return namespace

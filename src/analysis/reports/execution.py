"""Run report notebooks in warm kernels: each worker thread keeps one kernel for a whole batch.

Starting a kernel and importing pandas, matplotlib and the project into it costs more than
most reports take to run, and papermill starts one per notebook (nteract/papermill#326). So
each thread that runs reports starts one kernel, the first time it needs one, and runs report
after report in it through papermill's own machinery: an engine registered here hands
papermill's notebook client the thread's kernel instead of a new one, so parameters are
injected and recorded the papermill way and a failing cell is reported as papermill reports it.

Between reports the kernel forgets the previous one: its namespace, its history and execution
count, its figures and working folder (:data:`RESET`). Imported modules stay, which is the
point: what they cache (processed tables read once per file version) depends only on files.
A kernel that dies is replaced; only the report it was running fails.

The executed notebook is written under a temporary name in ``scratch`` while the kernel runs,
and returned as text, so a failure still shows how far the notebook got.
"""

import ast
import logging
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import papermill
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.iorw import write_ipynb

from analysis.atomic import temporary_prefix
from analysis.errors import UserError

KERNEL = "cnrs-analysis"
# ipykernel warns on every start that local TCP is unencrypted; it would break the progress bar.
# Kernels running side by side would share IPython's history database and print "ERROR!
# Session/line number was not unique" into reports; a report needs no history.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"]
# papermill logs why a run failed ("Kernel died while waiting for execute reply.") to stderr,
# in the middle of the progress bar; the summary gives that reason once, for each report.
logging.getLogger("papermill").addHandler(logging.NullHandler())
ENGINE = "warm-kernel"
INJECTED = "injected-parameters"  # papermill's tag for the cell holding the parameters
#: Seconds a kernel may take to start, or to answer a request between two reports.
KERNEL_TIMEOUT = 60

#: Run silently before each report: the kernel then holds nothing of the previous report.
#: (A new history session would cost a tenth of a second per report; counting from 1 again
#: is all of it a report shows.) ``reset`` ends in a full garbage collection, which would scan
#: every object the imports and caches made, report after report; what survives a reset is
#: frozen out of later collections instead (refcounting still frees it).
RESET = """\
import os as _os, matplotlib.pyplot as _plt
_os.chdir({folder!r})
_plt.close("all")
del _os, _plt
get_ipython().reset(new_session=False)
get_ipython().execution_count = 1
__import__("gc").freeze()
"""
#: Run once in a new kernel, while the build still prepares the tables: what reports import.
WARM_UP = "import analysis.views"
#: Asked after each report: the files it read, as the data layer recorded them.
READS = "__import__('analysis.data').data.files_read()"
FORGET_READS = "__import__('analysis.data').data.forget_files_read()"

_RUNNING: set["ReportKernelManager"] = set()
_RUNNING_LOCK = threading.Lock()
_WARM: set["WarmKernel"] = set()
_THREAD = threading.local()


class ReportKernelManager(AsyncKernelManager):
    """The kernel manager reports run with: it lists the kernels it started, and shuts a kernel
    down without interrupting it first.

    jupyter_client sends SIGINT to a kernel before asking it to shut down, to stop code still
    running; the kernel then prints "[IPKernelApp] ERROR | KeyboardInterrupt caught in
    kernel." although nothing failed. A kernel between reports has nothing to interrupt, and a
    run that must stop at once has its kernel killed instead (:func:`kill_kernels`).
    """

    async def start_kernel(self, **kwargs) -> None:
        await super().start_kernel(**kwargs)
        with _RUNNING_LOCK:
            _RUNNING.add(self)

    async def cleanup_resources(self, restart: bool = False) -> None:
        with _RUNNING_LOCK:
            _RUNNING.discard(self)
        await super().cleanup_resources(restart=restart)

    async def _async_interrupt_kernel(self) -> None:
        # The method jupyter_client's shutdown_kernel calls before its shutdown request.
        if not self.shutting_down:
            await super()._async_interrupt_kernel()


class ReportFailed(Exception):
    """A notebook did not run to the end; the message is the one-line reason, and ``notebook``
    the executed notebook as far as it got (JSON text), if the kernel started at all."""

    def __init__(self, reason: str, notebook: str | None = None):
        super().__init__(reason)
        self.notebook = notebook


class WarmKernel:
    """One kernel and its client, kept for report after report by the thread that started it."""

    def __init__(self) -> None:
        self.manager = ReportKernelManager(kernel_name=KERNEL)
        run_sync(self.manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS)
        self.client = self.manager.client()
        self.client.start_channels()
        with _RUNNING_LOCK:
            _WARM.add(self)
        run_sync(self.client.wait_for_ready)(timeout=KERNEL_TIMEOUT)

    def alive(self) -> bool:
        return run_sync(self.manager.is_alive)()

    def run_quietly(self, code: str, expressions: Mapping[str, str] | None = None) -> dict:
        """Run ``code`` without output or history; return the values of ``expressions``."""
        reply = run_sync(self.client.execute_interactive)(
            code,
            silent=True,
            store_history=False,
            user_expressions=dict(expressions or {}),
            timeout=KERNEL_TIMEOUT,
            output_hook=lambda message: None,
        )
        content = reply["content"]
        if content["status"] != "ok":
            raise ReportFailed(f"the kernel could not be reset: {content.get('ename')}")
        return content.get("user_expressions", {})

    def shutdown(self) -> None:
        """Stop the kernel at once: between reports it holds nothing worth a clean shutdown."""
        with _RUNNING_LOCK:
            _WARM.discard(self)
        self.client.stop_channels()
        run_sync(self.manager.shutdown_kernel)(now=True)


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, running the notebook in a kernel it is given.

    papermill writes the whole notebook, images and all, before and after every cell, so that
    a run that breaks leaves it as far as it got; that was about 0.46 s of the build
    process's 3.5 s of CPU for the default reports.
    Reports run with ``request_save_on_cell_execute=False`` instead, and this engine writes
    the notebook to ``kept_on_failure`` only when the run breaks (a dead or killed kernel);
    papermill itself writes it when a cell raises.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        *,
        kernel: WarmKernel,
        kept_on_failure: Path,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=KERNEL_TIMEOUT,
        execution_timeout=None,
        **_papermill_only,
    ):
        client = PapermillNotebookClient(
            nb_man,
            km=kernel.manager,
            kernel_name=kernel_name,
            log=logging.getLogger("papermill"),
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            startup_timeout=start_timeout,
            timeout=execution_timeout,
        )
        client.kc = kernel.client  # reused: a new client per report would leak its sockets
        try:
            return client.execute()
        except BaseException:
            write_ipynb(nb_man.nb, str(kept_on_failure))
            raise


papermill_engines.register(ENGINE, WarmKernelEngine)


def thread_kernel() -> WarmKernel:
    """This thread's kernel, started on first use, or again when the last one died."""
    kernel = getattr(_THREAD, "kernel", None)
    if kernel is None or not kernel.alive():
        if kernel is not None:
            kernel.shutdown()
        _THREAD.kernel = kernel = WarmKernel()
    return kernel


def warm_up() -> None:
    """Start this thread's kernel and import the project into it, before its first report."""
    thread_kernel().run_quietly(WARM_UP)


def kill_kernels() -> None:
    """Kill every report kernel this process runs; the runs they served then fail at once."""
    with _RUNNING_LOCK:
        managers = list(_RUNNING)
    for manager in managers:
        process = getattr(manager.provisioner, "process", None)
        if process is not None:
            process.kill()  # a no-op once the process has ended


def shutdown_kernels() -> None:
    """Stop every report kernel of this process: the batch is over."""
    with _RUNNING_LOCK:
        kernels = list(_WARM)
    for kernel in kernels:
        kernel.shutdown()


def require_kernel() -> None:
    """Fail once, saying how to fix it, rather than once per report, if the kernel is missing."""
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel as error:
        raise UserError(
            f"the Jupyter kernel {KERNEL!r} is not installed; run `make env`, "
            f"or python -m ipykernel install --sys-prefix --name {KERNEL}"
        ) from error


def execute(
    source: Path, parameters: Mapping[str, object], scratch: Path | None = None
) -> tuple[NotebookNode, tuple[str, ...]]:
    """``source`` executed with ``parameters`` in this thread's kernel, and the files it read.

    The kernel runs in the notebook's own folder, as in JupyterLab, so relative paths agree.
    Raises :class:`ReportFailed` with the notebook as far as it got.
    """
    try:
        kernel = thread_kernel()
        kernel.run_quietly(RESET.format(folder=str(source.parent)) + FORGET_READS)
    except Exception as error:
        raise ReportFailed(reason(error)) from error
    with tempfile.TemporaryDirectory(dir=scratch, prefix=temporary_prefix("running")) as folder:
        running = Path(folder) / source.name
        try:
            notebook = papermill.execute_notebook(
                source,
                running,
                parameters=dict(parameters),
                engine_name=ENGINE,
                kernel_name=KERNEL,
                progress_bar=False,
                request_save_on_cell_execute=False,
                kernel=kernel,
                kept_on_failure=running,
            )
            reads = kernel.run_quietly("", {"reads": READS})["reads"]
        except Exception as error:
            raise ReportFailed(reason(error), _text(running)) from error
    _name_injected_cell(notebook)
    return notebook, tuple(ast.literal_eval(reads["data"]["text/plain"]))


def _name_injected_cell(notebook: NotebookNode) -> None:
    """Give papermill's injected cell a fixed id instead of a random one: the same report
    built twice is then the same page."""
    for cell in notebook.cells:
        if INJECTED in cell.metadata.get("tags", []):
            cell.id = INJECTED


def _text(running: Path) -> str | None:
    """What papermill wrote of the notebook before it stopped, if anything."""
    return running.read_text(encoding="utf-8") if running.exists() else None


def reason(error: BaseException) -> str:
    """One line saying why: the failing cell's exception for notebooks, else the error itself."""
    if isinstance(error, UserError | ReportFailed):
        text = str(error)
    elif isinstance(error, PapermillExecutionError):
        text = f"{error.ename}: {error.evalue} (cell [{error.exec_count}])"
    elif isinstance(error, DeadKernelError):
        text = "the kernel died (killed, or out of memory)"
    else:
        text = f"{type(error).__name__}: {error}"
    return " ".join(text.split())

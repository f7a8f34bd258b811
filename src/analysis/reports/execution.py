"""Run one notebook with papermill, keeping the executed copy whatever happens.

The executed notebook is the analysts' view of a report (code included). It is written
under a temporary name while the kernel runs, then moved in one step: to ``<name>.ipynb``
once the report is fully built, or to ``<name>.failed.ipynb`` when a cell fails. So
``<name>.ipynb`` always matches the last good ``<name>.html``, and a failure is kept to debug.

papermill's ``report_mode`` is not used: it only marks code cells as hidden in the notebook's
metadata, which would hide the code from the analysts this copy is for. The HTML export
leaves the code out by itself.

Kernels are started by :class:`ReportKernelManager`, which keeps a list of them so that an
interrupted build can stop them all (:func:`kill_kernels`).
"""

import logging
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import papermill
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from analysis.atomic import temporary_prefix
from analysis.errors import UserError

KERNEL = "cnrs-analysis"
# ipykernel warns on every start that local TCP is unencrypted; it would break the progress bar.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
# papermill logs why a run failed ("Kernel died while waiting for execute reply.") to stderr,
# in the middle of the progress bar; the summary gives that reason once, for each report.
logging.getLogger("papermill").addHandler(logging.NullHandler())

_RUNNING: set["ReportKernelManager"] = set()
_RUNNING_LOCK = threading.Lock()


class ReportKernelManager(AsyncKernelManager):
    """The kernel manager papermill runs reports with: it lists the kernels it started, and shuts
    a kernel down without interrupting it first.

    jupyter_client sends SIGINT to a kernel before asking it to shut down, to stop code still
    running. papermill shuts a report's kernel down as soon as its last request (kernel_info) is
    answered, while the kernel may still be leaving that request's handler: the SIGINT then
    lands there and the kernel prints "[IPKernelApp] ERROR | KeyboardInterrupt caught in
    kernel." although nothing failed. A finished run has nothing to interrupt, and a run that
    must stop at once has its kernel killed instead (:func:`kill_kernels`).
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


def kill_kernels() -> None:
    """Kill every report kernel this process runs; the runs they served then fail at once."""
    with _RUNNING_LOCK:
        managers = list(_RUNNING)
    for manager in managers:
        process = getattr(manager.provisioner, "process", None)
        if process is not None:
            process.kill()  # a no-op once the process has ended


class ReportFailed(Exception):
    """A notebook did not run to the end; the message is the one-line reason."""


def require_kernel() -> None:
    """Fail once, saying how to fix it, rather than once per report, if the kernel is missing."""
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel as error:
        raise UserError(
            f"the Jupyter kernel {KERNEL!r} is not installed; run `make env`, "
            f"or python -m ipykernel install --sys-prefix --name {KERNEL}"
        ) from error


@contextmanager
def executed(
    source: Path, parameters: Mapping[str, object], good: Path, failed: Path
) -> Iterator[NotebookNode]:
    """Yield ``source`` executed with ``parameters``; keep it as ``good`` if the body succeeds.

    If the kernel or the body (the HTML export) fails, the notebook is kept as ``failed``.
    The kernel runs in the notebook's own folder, as in JupyterLab, so relative paths agree.
    """
    good.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=good.parent, prefix=temporary_prefix("running")) as folder:
        running = Path(folder) / good.name
        try:
            notebook = papermill.execute_notebook(
                source,
                running,
                parameters=dict(parameters),
                kernel_name=KERNEL,
                cwd=source.parent,
                progress_bar=False,
                extra_arguments=KERNEL_ARGUMENTS,
                kernel_manager_class=ReportKernelManager,
            )
        except Exception as error:
            _keep(running, failed)
            raise ReportFailed(reason(error)) from error
        try:
            yield notebook
        except BaseException:
            _keep(running, failed)
            raise
        os.replace(running, good)
        failed.unlink(missing_ok=True)


def _keep(running: Path, failed: Path) -> None:
    """Move what the kernel got through to ``failed``, for an analyst to open."""
    if running.exists():
        os.replace(running, failed)


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

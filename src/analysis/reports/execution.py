"""Run one notebook with papermill, keeping the executed copy whatever happens.

The executed notebook is the analysts' view of a report (code included). It is written
under a temporary name while the kernel runs, then moved in one step: to ``<name>.ipynb``
once the report is fully built, or to ``<name>.failed.ipynb`` when a cell fails. So
``<name>.ipynb`` always matches the last good ``<name>.html``, and a failure is kept to debug.

papermill's ``report_mode`` is not used: it only marks code cells as hidden in the notebook's
metadata, which would hide the code from the analysts this copy is for. The HTML export
leaves the code out by itself.
"""

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import papermill
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from analysis.errors import UserError

KERNEL = "cnrs-analysis"
# ipykernel warns on every start that local TCP is unencrypted; it would break the progress bar.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


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
    with tempfile.TemporaryDirectory(dir=good.parent, prefix=".running-") as folder:
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
    else:
        text = f"{type(error).__name__}: {error}"
    return " ".join(text.split())

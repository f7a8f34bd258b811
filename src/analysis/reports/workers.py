"""Where reports run: threads of this process, or the workers of a dask.distributed cluster.

Both are ``concurrent.futures`` executors running :func:`analysis.reports.render.render`, and
both hand back the same values, which the build writes; so a build through a cluster gives the
same pages as a local one. Each thread, here or on a worker, keeps one warm kernel for the
whole batch (see :mod:`analysis.reports.execution`).

A cluster's workers must see the project as this machine does: the same installed package,
and the notebooks and processed tables at the same paths (a shared folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import UserError
from analysis.reports import execution
from analysis.reports.provenance import Provenance
from analysis.reports.render import Job, render

#: The environment variable naming a dask scheduler, as ``build --scheduler`` does.
SCHEDULER_VARIABLE = "ANALYSIS_SCHEDULER"
#: Seconds between kills of the kernels of an interrupted batch, until its runs have all ended.
KILL_ROUND = 0.5
#: Seconds to wait for a scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10


class LocalWorkers:
    """``workers`` threads of this process, each running report after report in its kernel.

    The executed notebooks are kept in ``scratch`` while they run: the reports' own folder,
    where the next build removes what a build killed outright left (atomic.remove_leftovers).
    """

    def __init__(self, workers: int, scratch: Path):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report")
        self.scratch = scratch

    def submit(self, job: Job, provenance: Provenance) -> Future:
        return self.pool.submit(render, job, provenance, self.scratch)

    def warm(self, threads: int) -> None:
        """Start each thread's kernel now, and import the project into it, while this process
        goes on (extracting, cleaning): each of the first submissions gets a thread of its own."""
        for _ in range(threads):
            self.pool.submit(execution.warm_up)

    def stop(self, futures: list[Future]) -> None:
        """Cancel the reports not started, and kill the running ones' kernels until all have
        ended; each round kills again, for a kernel that was still starting at the last one."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        execution.kill_kernels()
        while wait(futures, timeout=KILL_ROUND).not_done:
            execution.kill_kernels()

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        execution.shutdown_kernels()


class ClusterWorkers:
    """The workers of the dask.distributed scheduler at ``address`` (``tcp://host:port``)."""

    def __init__(self, address: str):
        from distributed import Client

        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise UserError(f"cannot reach the dask scheduler at {address}: {error}") from None
        self.pool = self.client.get_executor(pure=False)

    def submit(self, job: Job, provenance: Provenance) -> Future:
        return self.pool.submit(render, job, provenance)

    def warm(self, threads: int) -> None:
        """Nothing: a cluster's workers start their kernels with their first report."""

    def stop(self, futures: list[Future]) -> None:
        for future in futures:
            future.cancel()
        self.client.run(execution.kill_kernels)
        wait(futures)

    def close(self) -> None:
        try:
            self.client.run(execution.shutdown_kernels)
        finally:
            self.client.close()


def scheduler(given: str | None) -> str | None:
    """The scheduler to use: the one given, else ``$ANALYSIS_SCHEDULER``, else none (local)."""
    return given or os.environ.get(SCHEDULER_VARIABLE) or None


@contextmanager
def started(address: str | None, threads: int, scratch: Path) -> Iterator[Workers]:
    """Workers for a batch: the cluster at ``address``, else ``threads`` threads here, whose
    kernels start at once. They are stopped when the block ends."""
    workers = ClusterWorkers(address) if address else LocalWorkers(threads, scratch)
    try:
        workers.warm(threads)
        yield workers
    finally:
        workers.close()


Workers = LocalWorkers | ClusterWorkers

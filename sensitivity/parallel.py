"""Where the chunks of a long run go: this process, local processes, or a Dask cluster.

A sweep or a Monte Carlo run is cut into chunks of consecutive points, by the number of points
and the model alone (see ``chipgame.sensitivity.batch_solve``). Each chunk is computed the same way
wherever it runs and the results are put back in order, so a run gives identical results here,
on local processes and on a cluster.

``map_chunks`` sends a function (by reference: a module-level function), one shared argument and
one part per chunk to where they run; all three must pickle. The shared argument is pickled once
here and unpickled once per process, not once per chunk.

Local processes are forked from this process when that is safe (``forkable``: on Linux, with no
other thread running). They start warm: the model, its compiled code and sympy's caches are
there, and the shared argument is inherited, not pickled. This process works on the chunks too;
each process takes the next chunk not yet taken, and the forked ones send their results back
through a pipe when they run out. A chunk a forked process did not deliver (it failed, or the
process died) is computed here, in order, so an error is raised as a run here would raise it.

Otherwise (another thread is running: a progress bar, a BLAS pool, a Dask client; or macOS and
Windows) local processes come from ``concurrent.futures.ProcessPoolExecutor``, started by a fork
server with the function's module already imported (spawned where there is no fork server), never
forked from a process whose other threads may hold a lock. A pool lives for one call (no
processes are left behind; a Dask cluster keeps warm workers instead). As with any spawned
process, a script that asks for ``workers`` must guard its entry point with
``if __name__ == "__main__":``.

Wherever a chunk runs, the warnings it raises are issued in this process (those from elsewhere
come back with its result), under this process's filters, as if it had run here.

``local_workers`` is what a command uses when it is not told: every CPU it may run on where it
can fork, else one (starting a fork server costs more than a report's parts save).

A Dask cluster is reached through ``distributed`` (``pip install 'chipgame[cluster]'``), imported
only when a scheduler address is given. Its workers need chipgame installed, the same version.

Examples
--------
>>> chunk_bounds(10_000, 4096)
((0, 4096), (4096, 8192), (8192, 10000))
>>> map_chunks(pow, 2, [1, 2, 3], progress=lambda done, total: print(f"{done}/{total}"))
0/3
1/3
2/3
3/3
[2, 4, 8]
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache, partial
from multiprocessing.context import BaseContext
from types import ModuleType
from typing import Any, NoReturn, TypeVar

from ..errors import SolverError

__all__ = ["CONNECT_SECONDS", "Progress", "check_execution", "chunk_bounds", "forkable", "local_workers", "map_chunks"]

CONNECT_SECONDS = 5.0
"""How long to try to reach a Dask scheduler before giving up."""

Progress = Callable[[int, int], None]
"""Called with (chunks done, chunks in all): once with 0 before any work, then after each chunk."""

Shared = TypeVar("Shared")
Part = TypeVar("Part")
Result = TypeVar("Result")


def chunk_bounds(count: int, size: int) -> tuple[tuple[int, int], ...]:
    """``(start, stop)`` of each chunk of ``count`` points, ``size`` points a chunk (the last may
    have fewer), in order."""
    return tuple((start, min(start + size, count)) for start in range(0, count, size))


def check_execution(workers: int, scheduler: str | None) -> None:
    """Refuse a number of workers or a scheduler address that cannot be used.

    Raises
    ------
    SolverError
        When ``workers`` is not a whole number of at least 1, when ``scheduler`` is given but
        empty, or when both more than one worker and a scheduler are given.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SolverError(f"workers = {workers!r} is not a number of processes",
                          fix="use 1 (run here) or more (local processes)")
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise SolverError(f"scheduler = {scheduler!r} is not an address", fix="give one such as tcp://10.0.0.5:8786")
    if scheduler is not None and workers != 1:
        raise SolverError("both local workers and a Dask scheduler are given",
                          fix="give one: with a scheduler, the cluster's workers run the chunks")


def map_chunks(function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part], *,
               workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
               meanwhile: Callable[[], object] | None = None) -> list[Result]:
    """``[function(shared, part) for part in parts]``, computed here, on local processes or on a cluster.

    Parameters
    ----------
    function
        What to do with each part: a module-level function (sent by reference).
    shared
        The argument every call shares (sent with each chunk).
    parts
        One argument per chunk.
    workers
        Local processes to run the chunks on; 1 runs them here, one after the other.
    scheduler
        The address of a Dask scheduler (``tcp://host:8786``) whose workers run the chunks.
    progress
        Told of each finished chunk (see ``Progress``).
    meanwhile
        Work of this process's own that the chunks do not need (an import the caller's next
        step needs, say): done here once the chunks have started elsewhere, before this process
        takes any or waits for them; first, when they all run here.

    Raises
    ------
    SolverError
        On unusable ``workers`` or ``scheduler`` (see ``check_execution``), a scheduler that
        cannot be reached, or ``distributed`` not installed.
    """
    check_execution(workers, scheduler)
    report = progress or _ignore
    meanwhile = meanwhile or _nothing
    report(0, len(parts))
    if scheduler is not None:
        return _on_cluster(function, shared, parts, scheduler, report, meanwhile)
    if workers > 1 and len(parts) > 1:
        if forkable():
            return _on_forks(function, shared, parts, workers, report, meanwhile)
        return _on_processes(function, shared, parts, workers, report, meanwhile)
    meanwhile()
    results = []
    for part in parts:
        results.append(function(shared, part))
        report(len(results), len(parts))
    return results


def forkable() -> bool:
    """Whether local workers can be forked from this process: on Linux, while it runs one thread.

    A forked process holds a copy of every lock as it was at the fork, and a lock that another
    thread held then is never released in it. So no other thread may exist at all, counted by the
    operating system (threads that C libraries start, such as a BLAS pool's, included). The
    ``chipgame`` program asks for one BLAS thread for this reason (``cli.run``). On macOS, where
    system libraries are not safe across a fork, and on Windows, without one, this is False.
    """
    if sys.platform != "linux":
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def local_workers() -> int:
    """The processes a command spreads its own work over when not told: the CPUs this process may
    run on where it can fork them (``forkable``), else 1."""
    return len(os.sched_getaffinity(0)) if forkable() else 1


def _ignore(done: int, total: int) -> None:
    """The progress callback that reports nothing."""


def _nothing() -> None:
    """No work of this process's own while the chunks run."""


def _collect(futures: Sequence[Any], completed: Iterable[Any], report: Progress) -> list[Any]:
    """The futures' results in the futures' order, reporting each as it completes; their warnings
    issued here, in that order, once all are in."""
    position = {future: k for k, future in enumerate(futures)}
    delivered: list[Any] = [None] * len(futures)
    for done, future in enumerate(completed, 1):
        delivered[position[future]] = future.result()
        report(done, len(futures))
    return [_warned(result) for result in delivered]


Caught = list[tuple[str, type[Warning], str, int]]
"""The warnings a chunk raised elsewhere: message, category, file and line."""


def _capturing(function: Callable[[Shared, Part], Result], shared: Shared, part: Part) -> tuple[Result, Caught]:
    """``function(shared, part)`` and the warnings it raised, for this process to issue: a
    chunk's warnings say the same wherever it runs (once, by the caller's filters)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        result = function(shared, part)
    return result, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def _warned(delivered: tuple[Result, Caught]) -> Result:
    """A chunk's result, after issuing here the warnings it raised elsewhere."""
    result, caught = delivered
    for message, category, filename, lineno in caught:
        warnings.warn_explicit(message, category, filename, lineno)
    return result


def _elsewhere(function: Callable[[Shared, Part], Result], shared: Shared) -> Callable[[Part], tuple[Result, Caught]]:
    """``function`` with ``shared`` bound, for another process: ``shared`` travels as pickled bytes."""
    return partial(_call_with, function, pickle.dumps(shared))


def _call_with(function: Callable[[Shared, Part], Result], shared: bytes, part: Part) -> tuple[Result, Caught]:
    return _capturing(function, _unpickled(shared), part)


@lru_cache(maxsize=4)
def _unpickled(shared: bytes) -> Any:
    """The shared argument of a run, unpickled on its first chunk in this process."""
    return pickle.loads(shared)


def _on_processes(function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part], workers: int,
                  report: Progress, meanwhile: Callable[[], object]) -> list[Result]:
    pool = ProcessPoolExecutor(min(workers, len(parts)), mp_context=_start_method(function.__module__))
    try:
        task = _elsewhere(function, shared)
        futures = [pool.submit(task, part) for part in parts]
        meanwhile()
        return _collect(futures, as_completed(futures), report)
    finally:
        pool.shutdown(cancel_futures=True)  # after an error or an interrupt, chunks not started are dropped


def _on_forks(function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part], workers: int,
              report: Progress, meanwhile: Callable[[], object]) -> list[Result]:
    """The chunks shared between this process and ``workers - 1`` forked from it (see the module's notes)."""
    context = multiprocessing.get_context("fork")
    taken = context.RawValue("q", 0)
    lock = context.Lock()

    def take() -> int:
        with lock:
            index = taken.value
            taken.value += 1
        return index

    results: dict[int, Result] = {}
    children: dict[int, Any] = {}  # process id: the stream its results come through

    def done(index: int, result: Result) -> None:
        results[index] = result
        report(len(results), len(parts))

    try:
        for _ in range(min(workers, len(parts)) - 1):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _forked_worker(function, shared, parts, take, write)
            os.close(write)
            children[pid] = os.fdopen(read, "rb")
        meanwhile()
        with contextlib.suppress(Exception):  # a chunk that fails is computed again below, in order
            while (index := take()) < len(parts):
                done(index, function(shared, parts[index]))
        for pid in list(children):
            try:
                delivered = pickle.load(children[pid])
            except Exception:  # the process died, or could not pickle a result: its chunks are computed below
                delivered = []
            children.pop(pid).close()
            os.waitpid(pid, 0)
            for index, pair in delivered:
                done(index, _warned(pair))
        for index in range(len(parts)):
            if index not in results:
                done(index, function(shared, parts[index]))
    finally:
        for pid, stream in children.items():  # after an error or an interrupt here: stop the forked processes
            stream.close()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return [results[index] for index in range(len(parts))]


def _forked_worker(function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part],
                   take: Callable[[], int], write: int) -> NoReturn:
    """A forked process: chunks until none is left or one fails, their results pickled to ``write``,
    then the process ends (at once: the exit functions and buffers are this process's parent's)."""
    status = 1
    try:
        delivered = []
        with contextlib.suppress(Exception):  # left to the parent, which raises its error in order
            while (index := take()) < len(parts):
                delivered.append((index, _capturing(function, shared, parts[index])))
        with os.fdopen(write, "wb") as stream:
            pickle.dump(delivered, stream, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _start_method(module: str) -> BaseContext:
    """A fork server that has imported ``module``, or spawned processes where there is none."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([module])
    return context


def _on_cluster(function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part], scheduler: str,
                report: Progress, meanwhile: Callable[[], object]) -> list[Result]:
    distributed = _import_distributed()
    with _connect(distributed, scheduler) as client:
        task = _elsewhere(function, shared)
        futures = [client.submit(task, part, pure=False) for part in parts]
        meanwhile()
        return _collect(futures, distributed.as_completed(futures, loop=client.loop), report)


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError:
        raise SolverError("running on a Dask cluster needs the distributed package",
                          fix="pip install 'chipgame[cluster]'") from None
    return distributed


def _connect(distributed: ModuleType, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``, or a SolverError after ``CONNECT_SECONDS``."""
    try:
        return distributed.Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError) as error:
        problem = f"cannot reach a Dask scheduler at {scheduler!r}: {error}"
    # free the half-made client now, while its event loop still runs (outside the except block, and
    # it sits in reference cycles): at interpreter exit its finaliser would time out and print a traceback
    gc.collect()
    raise SolverError(problem, fix="start one (dask scheduler; then dask worker ADDRESS on each machine) "
                                   "or check the address")

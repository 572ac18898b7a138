"""Work spread over worker processes, stopped at once and cleanly by Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from recordhub import interrupts

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # prctl option, from <linux/prctl.h>

Job = TypeVar("Job")
Result = TypeVar("Result")


class WorkerLost(Exception):
    """A worker process ended before its work was done: killed from outside (kill -9, or the
    system when memory ran out)."""


def fork_is_safe() -> bool:
    """Fork is fast and shares the parent's memory, but is unsafe once other threads run."""
    return threading.active_count() == 1 and os.name == "posix"


def start(parent: int) -> None:
    """Prepare a new worker process: signals left to the parent, and death with it."""
    # Ctrl-C reaches the whole process group, but only the main process decides what happens:
    # it kills the workers, which until then must neither raise the cli's Terminated
    # (inherited through fork) nor print a KeyboardInterrupt traceback each
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also drops one held since the start
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by run(), see there
    if sys.platform.startswith("linux"):  # killed even when the parent is (kill -9, OOM)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the request above was made
        os._exit(1)


def run(
    task: Callable[[Job], Result],
    jobs: Sequence[Job],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    done: Callable[[int, Result], None],
) -> None:
    """Run task on every job in worker processes, calling done(index, result) as each ends.

    The initializer must call start(parent) first; its first argument is the parent's pid.
    """
    # imported here: a build that changes a page or two starts no pool, and these take 15 ms
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=initializer, initargs=(os.getpid(), *initargs)
    )
    with interrupts.Held() as held:
        pending: dict[Future[Result], int] = {}
        try:
            with _sigint_blocked():  # the workers start as they are submitted
                pending = {pool.submit(task, job): index for index, job in enumerate(jobs)}
            while pending and not held.signals:
                finished, _ = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise WorkerLost from None
                    done(index, result)
        finally:
            if pending or held.signals:  # stopped early: end the workers now, not after a job
                _kill(pool)
            pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once, and let its reader see that they are gone."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        # not SIGTERM: a worker forked before start() still has this process's handler for it,
        # which would only note it, and go on converting
        process.kill()
    for process in processes:
        process.join()
    # a worker killed while it wrote its result left half of it in the pipe, and this process
    # holds the pipe's other end open too: the pool's reader would wait for the rest for ever,
    # and shutdown with it. Closed here, the reader finds the end of the pipe instead
    results = getattr(pool, "_result_queue", None)
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Ctrl-C blocked in this thread, and so in the workers it starts (across exec too).

    A worker started by spawn is a new interpreter, which turns Ctrl-C into KeyboardInterrupt
    (a traceback from multiprocessing each) until start() ignores it. Blocked, a Ctrl-C that
    comes before then waits, and start() drops it. This process still gets it: another thread
    takes it, or this one once the block ends.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

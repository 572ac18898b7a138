"""Work spread over worker processes, stopped at once and cleanly by Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

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
    gc.enable()  # paused in the parent while it gathers (build.py): a worker's garbage is its own


def share(left: int, workers: int, least: int, most: int) -> int:
    """How many of the jobs left to hand out as one: fewer as they run out (guided scheduling).

    Equal shares end unevenly: one worker takes the last while the others wait, idle, for as
    long as a share takes. Shares of half a worker's part of what is left end within one
    small share of each other, in about twice as many jobs.
    """
    return min(left, max(least, min(most, -(-left // (2 * workers)))))


def shares(total: int, workers: int, least: int, most: int) -> list[range]:
    """Jobs 0 to total - 1 in shares (see share), in order."""
    cut: list[range] = []
    while (start_at := cut[-1].stop if cut else 0) < total:
        cut.append(range(start_at, start_at + share(total - start_at, workers, least, most)))
    return cut


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
    with Pool(task, workers, initializer, initargs) as pool:
        pool.submit(jobs)
        pool.wait(done)


class Pool(Generic[Job, Result]):
    """Worker processes that take jobs as they are found, and are ended with the block.

    Jobs may be submitted while this process goes on with other work (reading the files that
    name more jobs); wait() then gathers every result. Leaving the block any other way, by an
    error or Ctrl-C, ends the workers at once.
    """

    def __init__(
        self,
        task: Callable[[Job], Result],
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[object, ...],
    ) -> None:
        self.task = task
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.submitted = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Future[Result], int] = {}

    def __enter__(self) -> Pool[Job, Result]:
        return self

    def submit(self, jobs: Sequence[Job]) -> None:
        """Start these jobs; the workers are started with the first."""
        if not jobs:
            return
        from concurrent.futures.process import BrokenProcessPool

        # held: Ctrl-C raised inside the pool's machinery (while it forks, say) would leave
        # it broken; it takes effect once the jobs are in
        with interrupts.Held(), _sigint_blocked():  # the workers start as they are submitted
            pool = self._pool = self._pool or self._start()
            for job in jobs:
                try:
                    self._pending[pool.submit(self.task, job)] = self.submitted
                except BrokenProcessPool:  # a worker killed while this process read on
                    raise WorkerLost from None
                self.submitted += 1

    def _start(self) -> ProcessPoolExecutor:
        # imported here: a build that changes a page or two starts no pool, and these take 15 ms
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
        initargs = (os.getpid(), *self.initargs)
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=self.initializer, initargs=initargs
        )

    def wait(self, done: Callable[[int, Result], None]) -> None:
        """Call done(index, result) for each job submitted, in the order they end."""
        if self._pool is None:
            return
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as until
        from concurrent.futures.process import BrokenProcessPool

        with interrupts.Held() as held:
            try:
                while self._pending and not held.signals:
                    finished, _ = until(self._pending, timeout=0.05, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index = self._pending.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            raise WorkerLost from None
                        done(index, result)
            finally:
                if self._pending or held.signals:  # stopped early: end the workers now
                    self._end()

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self._pool is not None:
            # leaving by an error or Ctrl-C, a second Ctrl-C must not cut the clean-up short
            with interrupts.Held(deliver=kind is None):
                self._end()

    def _end(self) -> None:
        """End the workers: at once, if jobs are left (not after the one each is on)."""
        pool, self._pool = self._pool, None
        assert pool is not None
        if self._pending:
            _kill(pool)
            self._pending.clear()
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

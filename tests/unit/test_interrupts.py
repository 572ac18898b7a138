"""Ctrl-C and SIGTERM held back while work runs: delivered after it, never lost, never faked."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from recordhub import interrupts, workers


@pytest.fixture
def sigint() -> Iterator[None]:
    before = signal.getsignal(signal.SIGINT)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("sigint")
def test_a_held_ctrl_c_is_delivered_when_the_block_ends() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    reached = False
    with pytest.raises(KeyboardInterrupt), interrupts.Held() as held:
        signal.raise_signal(signal.SIGINT)
        assert held.signals == [signal.SIGINT]  # noted, not raised, inside
        reached = True
    assert reached
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.usefixtures("sigint")
def test_a_ctrl_c_the_process_ignores_stays_ignored() -> None:
    # as in a job a shell started in the background: the work must not stop half done
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with interrupts.Held() as held:
        signal.raise_signal(signal.SIGINT)
        assert held.signals == []
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN


@pytest.mark.usefixtures("sigint")
def test_work_cut_short_is_never_taken_for_finished() -> None:
    seen: list[int] = []

    def quiet(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)  # a handler that returns, raising nothing

    signal.signal(signal.SIGINT, quiet)
    with pytest.raises(KeyboardInterrupt), interrupts.Held() as held:
        signal.raise_signal(signal.SIGINT)
        assert held.signals == [signal.SIGINT]
    assert seen == [signal.SIGINT]


# ---- workers.Pool: jobs submitted while this process reads on ----------------------------------


def _square(job: int) -> int:
    return job * job


def _die(job: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    return job


def test_a_pool_gathers_jobs_submitted_in_several_steps() -> None:
    results: dict[int, int] = {}
    with workers.Pool(_square, 2, workers.start, ()) as pool:
        pool.submit([1, 2])
        pool.submit([])
        pool.submit([3])
        pool.wait(results.__setitem__)
    assert results == {0: 1, 1: 4, 2: 9}
    assert pool.submitted == 3


def test_a_worker_killed_before_more_jobs_are_submitted_is_told_as_lost() -> None:
    with workers.Pool(_die, 1, workers.start, ()) as pool:
        pool.submit([1])
        deadline = time.monotonic() + 10
        with pytest.raises(workers.WorkerLost):  # at the next submit, or when waiting
            while time.monotonic() < deadline:
                pool.submit([2])
                time.sleep(0.05)
            pool.wait(lambda index, result: None)

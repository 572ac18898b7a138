"""Shares of work for the worker processes: large first, smaller as the work runs out."""

from __future__ import annotations

import gc

import pytest

from recordhub import workers


@pytest.mark.parametrize("total", [0, 1, 15, 16, 17, 100, 1081, 10_001])
@pytest.mark.parametrize("count", [1, 2, 3, 8])
def test_shares_cover_every_job_once_in_order(total: int, count: int) -> None:
    most = max(16, total // (count * 4))
    cut = workers.shares(total, count, 16, most)
    assert [job for share in cut for job in share] == list(range(total))
    assert all(1 <= len(share) <= most for share in cut)
    # only the very last share may be under the least: it is what was left
    assert all(len(share) >= 16 for share in cut[:-1])


def test_shares_shrink_so_that_the_workers_end_together() -> None:
    sizes = [len(share) for share in workers.shares(1081, 2, 16, 135)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 135  # at most a quarter of a worker's part, as equal shares were
    assert sizes[-3:] == [16, 16, 6]
    # whichever share larger than the least a worker takes last, what is left for the others
    # is at least as long: no worker waits out another's large share at the end
    for index, size in enumerate(sizes):
        assert size <= 16 or sum(sizes[index + 1 :]) >= size


def test_a_share_is_never_more_than_what_is_left() -> None:
    assert workers.share(5, 2, 8, 100) == 5
    assert workers.share(0, 2, 8, 100) == 0
    assert workers.share(1000, 2, 8, 100) == 100
    assert workers.share(200, 2, 8, 100) == 50
    assert workers.share(20, 2, 8, 100) == 8


def _collecting(job: int) -> bool:
    return gc.isenabled()


def test_a_worker_collects_its_garbage_though_its_parent_paused_the_collector() -> None:
    answers: dict[int, bool] = {}
    gc.disable()  # as the build does while it gathers, when the conversion's workers start
    try:
        workers.run(_collecting, [1, 2], 2, workers.start, (), answers.__setitem__)
    finally:
        gc.enable()
    assert answers == {0: True, 1: True}

"""The whole-graph page order of ``benchmarks/bench_page_order.py``."""

from __future__ import annotations

from benchmarks.bench_page_order import greedy_order


def behind(order: list[str], weights: dict[tuple[str, str], int]) -> int:
    position = {key: i for i, key in enumerate(order)}
    return sum(w for (source, target), w in weights.items() if position[target] > position[source])


def test_the_lighter_side_of_a_cycle_is_the_one_left_behind() -> None:
    # a links to b's anchors from 5 blocks, b back to a's from 1; c links to a's
    weights = {("a", "b"): 5, ("b", "a"): 1, ("c", "a"): 2}
    order = greedy_order(["a", "b", "c"], weights)
    assert order == ["b", "a", "c"]
    assert behind(order, weights) == 1


def test_an_acyclic_graph_leaves_nothing_behind() -> None:
    weights = {("d", "c"): 1, ("c", "b"): 3, ("b", "a"): 2, ("d", "a"): 1}
    order = greedy_order(["a", "b", "c", "d"], weights)
    assert behind(order, weights) == 0

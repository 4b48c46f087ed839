"""Fault plans: seeded, reproducible, writes-only for the applied kinds."""

from __future__ import annotations

import pytest

from notion_emulator.faults import FaultKind, FaultPlan, error_for, parse_kinds

APPLIED = {FaultKind.APPLIED_500, FaultKind.APPLIED_HANG, FaultKind.APPLIED_DROP}
REQUESTS = [
    ("GET", "/v1/blocks/abc/children"),
    ("PATCH", "/v1/blocks/abc/children"),
    ("POST", "/v1/pages"),
    ("DELETE", "/v1/blocks/abc"),
]


def run(plan: FaultPlan, n: int) -> list[FaultKind | None]:
    return [plan.decide(*REQUESTS[i % len(REQUESTS)]) for i in range(n)]


def test_same_seed_same_sequence() -> None:
    first = run(FaultPlan(0.3, seed=42), 2000)
    assert first == run(FaultPlan(0.3, seed=42), 2000)
    assert first != run(FaultPlan(0.3, seed=43), 2000)


def test_sequence_does_not_depend_on_kinds_order() -> None:
    kinds = list(FaultKind)
    forward = run(FaultPlan(0.5, seed=7, kinds=kinds), 500)
    assert forward == run(FaultPlan(0.5, seed=7, kinds=reversed(kinds)), 500)


@pytest.mark.parametrize("probability", [0.05, 0.2, 0.5])
def test_rate_close_to_probability(probability: float) -> None:
    plan = FaultPlan(probability, seed=1234)
    n = 10_000
    faults = sum(plan.decide("POST", "/v1/pages") is not None for _ in range(n))
    # ~4.5 standard deviations of a binomial: fails by chance far less than once in 10^5.
    tolerance = 4.5 * (probability * (1 - probability) / n) ** 0.5
    assert abs(faults / n - probability) < tolerance
    assert sum(plan.injected.values()) == faults


@pytest.mark.parametrize("probability", [0.0, 1.0])
def test_probability_bounds(probability: float) -> None:
    plan = FaultPlan(probability, seed=0)
    decisions = [plan.decide("GET", "/v1/users/me") for _ in range(1000)]
    assert all((d is not None) == (probability == 1.0) for d in decisions)


@pytest.mark.parametrize("probability", [-0.1, 1.1])
def test_probability_out_of_range(probability: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        FaultPlan(probability, seed=0)


def test_applied_kinds_never_for_reads() -> None:
    plan = FaultPlan(1.0, seed=5)
    reads = [plan.decide("GET", "/v1/pages/abc") for _ in range(3000)]
    assert not APPLIED & set(reads)
    assert set(reads) == set(FaultKind) - APPLIED
    writes = [plan.decide(m, "/v1/pages") for m in ("POST", "PATCH", "DELETE") * 1000]
    assert set(writes) == set(FaultKind)


def test_applied_only_plan_leaves_reads_alone() -> None:
    plan = FaultPlan(1.0, seed=5, kinds=parse_kinds("applied"))
    assert all(plan.decide("GET", "/v1/blocks/x") is None for _ in range(100))
    assert plan.decide("patch", "/v1/blocks/x") in APPLIED
    assert sum(plan.injected.values()) == 1


def test_kind_filtering_and_counters() -> None:
    plan = FaultPlan(1.0, seed=9, kinds=[FaultKind.SERVICE_OVERLOAD, FaultKind.APPLIED_DROP])
    kinds = run(plan, 400)
    assert set(kinds) == {FaultKind.SERVICE_OVERLOAD, FaultKind.APPLIED_DROP}
    assert plan.injected["529"] == kinds.count(FaultKind.SERVICE_OVERLOAD)
    assert plan.injected["applied_drop"] == kinds.count(FaultKind.APPLIED_DROP)
    assert plan.injected["529"] + plan.injected["applied_drop"] == 400


@pytest.mark.parametrize("path", ["/", "/health", "/v1", "/admin/v1/pages", "/v2/pages"])
def test_never_outside_v1(path: str) -> None:
    plan = FaultPlan(1.0, seed=3)
    assert all(plan.decide("POST", path) is None for _ in range(100))
    assert not plan.injected


def test_other_paths_do_not_shift_the_sequence() -> None:
    plain = FaultPlan(0.5, seed=11)
    noisy = FaultPlan(0.5, seed=11)
    expected = [plain.decide("GET", "/v1/users") for _ in range(200)]
    got = []
    for _ in range(200):
        noisy.decide("GET", "/healthz")
        got.append(noisy.decide("GET", "/v1/users"))
    assert got == expected


def test_empty_kinds_rejected() -> None:
    with pytest.raises(ValueError, match="kinds"):
        FaultPlan(0.1, seed=0, kinds=[])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("500,529,applied_drop", ["500", "529", "applied_drop"]),
        ("applied_drop, 529 ,500", ["500", "529", "applied_drop"]),
        ("errors", ["500", "502", "503", "504", "529"]),
        ("network", ["hang", "drop"]),
        ("applied", ["applied_500", "applied_hang", "applied_drop"]),
        ("ALL", [k.value for k in FaultKind]),
        ("network,hang,503", ["503", "hang", "drop"]),
    ],
)
def test_parse_kinds(spec: str, expected: list[str]) -> None:
    assert [k.value for k in parse_kinds(spec)] == expected


def test_parse_kinds_unknown() -> None:
    with pytest.raises(ValueError, match=r"unknown fault kind '501'.*applied_drop.*network"):
        parse_kinds("500, 501")


@pytest.mark.parametrize("spec", ["", " , "])
def test_parse_kinds_empty(spec: str) -> None:
    with pytest.raises(ValueError, match="no fault kinds"):
        parse_kinds(spec)


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        (FaultKind.INTERNAL_SERVER_ERROR, 500, "internal_server_error"),
        (FaultKind.BAD_GATEWAY, 502, "bad_gateway"),
        (FaultKind.SERVICE_UNAVAILABLE, 503, "service_unavailable"),
        (FaultKind.GATEWAY_TIMEOUT, 504, "gateway_timeout"),
        (FaultKind.SERVICE_OVERLOAD, 529, "service_overload"),
        (FaultKind.APPLIED_500, 500, "internal_server_error"),
    ],
)
def test_error_for(kind: FaultKind, status: int, code: str) -> None:
    error = error_for(kind)
    assert (error.status, error.code) == (status, code)
    assert kind.status == status
    assert error.message and error.message != code
    assert error.body("req")["message"] == error.message


@pytest.mark.parametrize(
    "kind", [FaultKind.HANG, FaultKind.DROP, FaultKind.APPLIED_HANG, FaultKind.APPLIED_DROP]
)
def test_error_for_non_error_kinds(kind: FaultKind) -> None:
    assert kind.status is None
    with pytest.raises(ValueError, match="no error answer"):
        error_for(kind)


def test_applied_property() -> None:
    assert {k for k in FaultKind if k.applied} == APPLIED

"""The public service's budgets, shared by the portal's pages and the public API (portal.api): how many
applications, reports, tracking attempts and evidence uploads one address may make in a window, and how many
wrong query codes one case number takes, from any addresses, before its public tracking is locked.

Counted in the cache (Redis in production, which every worker shares), under hashed keys, so the cache holds
no address or case number in clear.
"""

import hashlib
import ipaddress

from django.core.cache import cache
from django.http import HttpRequest

from renshe.core.errors import DomainError
from renshe.disputes import services
from renshe.inspection import services as inspection

# uses per address per window: applications and reports accepted, tracking attempts (right or wrong), evidence
# uploads tried (right or wrong code)
LIMITS = {"apply": 10, "report": 10, "track": 20, "evidence": 20}
WINDOW_SECONDS = 60 * 60
# Wrong query codes for one case number, from any addresses, before its public tracking is locked until its
# handler reopens it: a worker who mistypes a few times is not locked out, and a guesser gets 10 tries in
# 10^8 per reopening (README, "Guessing a query code"). Counted for 30 days from the first wrong code.
TRACK_CASE_LIMIT = 10
TRACK_CASE_WINDOW_SECONDS = 30 * 24 * 60 * 60


def address(request: HttpRequest) -> str:
    """Who the per-address budget counts: REMOTE_ADDR, not X-Forwarded-For, which any client can write
    (behind a proxy the proxy must set it). An IPv6 /64 is one subscriber's, as one IPv4 address is."""
    remote = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def _key(kind: str, what: str) -> str:
    return f"portal:{kind}:{hashlib.sha256(what.encode()).hexdigest()[:32]}"


def _bucket(request: HttpRequest, action: str) -> str:
    return _key(action, address(request))


def exhausted(request: HttpRequest, action: str) -> bool:
    """Whether the caller's address has spent its budget for `action` (LIMITS) in the window."""
    return cache.get(_bucket(request, action), 0) >= LIMITS[action]


def _count(key: str, window: int) -> int:
    """Count one use under `key` and return the count; the window runs from the first use (the key expires
    `window` seconds after it). Atomic in Redis, which every worker shares."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def spend(request: HttpRequest, action: str) -> None:
    _count(_bucket(request, action), WINDOW_SECONDS)


def wrong_code(number: str) -> DomainError | None:
    """Count a wrong code against the case numbered `number`, a dispute or an arrears report's case; once
    that spends its budget and locks its tracking, the refusal to answer with (a number no case has locks
    nothing: there is no code to find)."""
    key = _key("case", number)
    if _count(key, TRACK_CASE_WINDOW_SECONDS) < TRACK_CASE_LIMIT:
        return None
    refusal: DomainError
    if services.lock_tracking(number, wrong_codes=TRACK_CASE_LIMIT):
        refusal = services.TrackingLocked()
    elif inspection.lock_tracking(number, wrong_codes=TRACK_CASE_LIMIT):
        refusal = inspection.TrackingLocked()
    else:
        return None
    cache.delete(key)  # the lock is on the case now; once reopened, the budget starts again
    return refusal

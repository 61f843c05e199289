"""The signature on a webhook delivery, and how a receiver checks it.

`Renshe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`. The timestamp is inside
the MAC, so a delivery captured and sent again later is refused for its age (`tolerance`), and a body or a
timestamp changed in transit is refused for its MAC. Standard library only: a receiver may copy this file.
"""

import hashlib
import hmac
import time


class InvalidSignature(ValueError):
    """The delivery is not from the holder of the secret, was altered, or is too old."""


def mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The `Renshe-Signature` header for `body` sent now (or at `timestamp`)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={mac(secret, timestamp, body)}"


def verify(secret: str, body: bytes, header: str, tolerance: int = 300, now: float | None = None) -> None:
    """Raise InvalidSignature unless `header` signs `body` (the raw bytes received) under `secret` and its
    timestamp is within `tolerance` seconds of `now`. Several `v1=` values (none today) may be given."""
    parts = [item.partition("=") for item in header.split(",")]
    stamps = [value for key, _eq, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, _eq, value in parts if key.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not signatures:
        raise InvalidSignature("malformed Renshe-Signature header")
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise InvalidSignature("timestamp outside the tolerance: an old delivery sent again?")
    expected = mac(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise InvalidSignature("signature does not match the body")

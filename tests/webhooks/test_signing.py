"""renshe.webhooks.signing: what a receiver runs on each delivery (README › Webhooks)."""

import time

import pytest

from renshe.webhooks.signing import InvalidSignature, sign, verify

SECRET = "whsec_test"
BODY = b'{"id":"7b0c","event":"dispute.settled"}'


def test_a_delivery_signed_with_the_secret_verifies():
    verify(SECRET, BODY, sign(SECRET, BODY))


def test_a_forged_signature_is_rejected():
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(SECRET, BODY, sign("whsec_someone_else", BODY))
    timestamp = int(time.time())
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(SECRET, BODY, f"t={timestamp},v1={'0' * 64}")


def test_a_tampered_body_is_rejected():
    header = sign(SECRET, BODY)
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(SECRET, BODY.replace(b"settled", b"failed"), header)


def test_an_old_delivery_sent_again_is_rejected_for_its_age():
    old = sign(SECRET, BODY, timestamp=int(time.time()) - 301)
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(SECRET, BODY, old)
    verify(SECRET, BODY, old, tolerance=600)
    # the timestamp is under the MAC: bringing it up to date breaks the signature
    fresh = old.replace(old.split(",")[0], f"t={int(time.time())}")
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(SECRET, BODY, fresh)


@pytest.mark.parametrize("header", ["", "v1=abc", "t=soon,v1=abc", "t=1,t=2,v1=abc", "t=1700000000"])
def test_a_malformed_header_is_rejected(header):
    with pytest.raises(InvalidSignature):
        verify(SECRET, BODY, header)

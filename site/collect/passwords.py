"""Admin passwords, hashed with scrypt (a memory-hard KDF from the standard library).

The stored form names its parameters (`scrypt$n$r$p$salt$hash`), so they can be raised later without
locking anyone out. Checking a name that does not exist still runs the KDF, so the time taken does not
tell which names exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def _kdf(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=256 * n * r
    )


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _kdf(password, salt, N, R, P)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches `stored`; None (no such admin) is checked against a dummy hash."""
    kind, n, r, p, salt, key = (stored or _DUMMY).split("$")
    if kind != "scrypt":
        return False
    actual = _kdf(password, base64.b64decode(salt), int(n), int(r), int(p))
    return hmac.compare_digest(actual, base64.b64decode(key)) and stored is not None

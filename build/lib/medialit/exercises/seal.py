"""Seal and unseal an exercise's secret part (its key, feedback and explanation).

Student-facing files carry each secret XOR-ed with a keystream derived from the exercise id,
then base64-encoded. This is obfuscation, not security: it keeps answers out of sight and
out of a text search, and anyone with the page's JavaScript can undo it. In-page checks are
practice; grading uses the instructor's plaintext keys (see the README).

The same algorithm is in ``static/exercises.js`` (``unseal``); a test checks they agree.
"""

from __future__ import annotations

import base64
import json

_MASK32 = 0xFFFFFFFF


def _seed(exercise_id: str) -> int:
    """FNV-1a hash of the id's UTF-8 bytes (32 bits), never zero."""
    h = 0x811C9DC5
    for byte in exercise_id.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & _MASK32
    return h or 1


def _keystream(exercise_id: str, n: int) -> bytes:
    """xorshift32 bytes seeded by the id."""
    x = _seed(exercise_id)
    out = bytearray()
    while len(out) < n:
        x ^= (x << 13) & _MASK32
        x ^= x >> 17
        x ^= (x << 5) & _MASK32
        out.append(x & 0xFF)
    return bytes(out)


def seal(exercise_id: str, secret: dict) -> str:
    raw = json.dumps(secret, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ks = _keystream(exercise_id, len(raw))
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, ks))).decode("ascii")


def unseal(exercise_id: str, sealed: str) -> dict:
    data = base64.b64decode(sealed)
    ks = _keystream(exercise_id, len(data))
    return json.loads(bytes(a ^ b for a, b in zip(data, ks)).decode("utf-8"))

"""The audit chain's links: each entry's hash covers every stored field and the previous entry's hash."""

import hashlib
import hmac
import json
from datetime import timezone

GENESIS = "0" * 64
# The entry from which the chain is keyed (an HMAC with AUDIT_KEY); entries before it, written before the key existed,
# keep their plain SHA-256. The marker itself is keyed, so rewriting the older part breaks its link (see docs/audit.md).
KEYED_MARKER = "audit.chain_keyed"


def entry_hash(prev_hash, created_dt, actor_id, actor_label, action, target_type, target_id, details, ip, *, key=None):
    """The hash that links an entry to the one before it (canonical JSON of every stored field).

    With `key` (AUDIT_KEY, kept outside the database) it is an HMAC-SHA256: someone who can rewrite the database
    cannot recompute the links after an edit. Without it, the plain SHA-256 of entries older than the key.
    """
    payload = json.dumps(
        [prev_hash, created_dt.astimezone(timezone.utc).isoformat(), actor_id, actor_label, action, target_type,
         target_id, details, ip],
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key.encode("utf-8"), payload, hashlib.sha256).hexdigest()

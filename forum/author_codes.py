"""How the open data name an author: one rule for the API and the open-data files.

A contribution posted from an account is signed, in the open data, with a code such as
``p-3f2a9c1d0b``: an HMAC of the site's secret, the debate and the account, so it is the
same for all of one person's contributions in one debate, different from one debate to
another (nobody can follow a person across debates), and cannot be traced back to the
account without the secret. The account's pseudonym, which is often a person's name, is
never used: PRODUCT.md section 7 promises open data that are pseudonymised.

A contribution without an account — transcribed from a meeting or a register, or left by
an account since erased — has no author code (``null``): the attribution a moderator typed
("Jeanne Martin, riveraine") may name a person, and stays on the site's own page only.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def author_code(debate_id: int, author_id: int | None) -> str | None:
    """The author of a contribution as the open data show it (None: no account)."""
    if author_id is None:
        return None
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"open-data:{debate_id}:{author_id}".encode(), hashlib.sha256)
    return "p-" + digest.hexdigest()[:10]

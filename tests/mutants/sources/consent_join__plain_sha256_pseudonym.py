"""Consent and third-party data.

MUTANT: the pseudonym is the plain SHA-256 of the normalized email, the key unused: anyone with a list of emails reverses it (and the partner's HMAC keys never match).
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('    return hmac.new(secret, normalize_email(email).encode("utf-8"), hashlib.sha256).hexdigest()\n', '    return hashlib.sha256(normalize_email(email).encode("utf-8")).hexdigest()  # BUG: no key\n'), ('        user_key = hmac.new(secret, email.encode("utf-8"), hashlib.sha256).hexdigest()\n', '        user_key = hashlib.sha256(email.encode("utf-8")).hexdigest()  # BUG: no key\n')]

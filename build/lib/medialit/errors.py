"""The kit's own error type: its message is meant for a person, not a traceback."""


class KitError(Exception):
    """A problem a student or instructor can fix; the message says what and how."""


class SeedIntegrityError(KitError):
    """A case-study text no longer matches its recorded SHA-256."""

"""partnerbot: answers, status collection and digests for a security and defence partnership's working group."""

__version__ = "0.1.0"

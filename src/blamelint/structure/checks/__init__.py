"""One module per structural check; each declares `CHECK` (structure/check.py)."""

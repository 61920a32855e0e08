"""The article's claims, one module per chapter (``chN_name.py``, each with a ``CLAIMS`` tuple)."""

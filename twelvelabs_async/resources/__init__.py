"""Resource namespaces: generated methods (``generated/``) and hand-written helpers beside them."""

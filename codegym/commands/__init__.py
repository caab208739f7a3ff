"""Command groups of the ``codegym`` CLI (one module each, with ``register(subparsers)``)."""

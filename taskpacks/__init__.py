"""codegym's builtin task pack (data only), installed as the ``codegym_tasks`` package."""

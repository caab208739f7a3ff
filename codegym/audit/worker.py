"""``python -m codegym.audit.worker``: one process of a parallel audit (see runner._Workers)."""

from codegym.audit.runner import _serve

if __name__ == "__main__":
    _serve()

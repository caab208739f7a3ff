"""The built-in reward plugins, one module each, registered as ``codegym.rewards`` entry points."""

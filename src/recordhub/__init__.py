"""recordhub: a static site generator for "set the record straight" information hubs."""

__version__ = "0.1.0"

"""awsref: an offline, instant AWS reference for the terminal."""

__version__ = "0.1.0"

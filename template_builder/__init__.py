"""build-template: the official Excel template generated from the form spec."""

__version__ = "0.1.0"

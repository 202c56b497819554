"""Document -> PackRecord: pure functions and dataclasses, no Django."""

VERSION = "2"

"""File bytes -> Document (pages of text lines)."""

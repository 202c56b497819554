"""The browser fixtures, shared with the site's own browser tests."""

from ..web.conftest import browser, page  # noqa: F401

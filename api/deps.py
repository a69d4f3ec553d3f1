"""Shared request dependencies (stub: the API rebuild provides the real module).

`get_library` is the one front door routes use to reach the archive.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request


def get_library(request: Request) -> Any:
    """The `kb.library.Library` the app was started with (offers `.archive`)."""
    return request.app.state.library

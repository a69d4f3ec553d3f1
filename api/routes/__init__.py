"""The API's routers, one file per area (FastAPI's "bigger applications" layout)."""

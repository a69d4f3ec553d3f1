"""Settings of the `kb` command and the HTTP service: environment variables, optionally a TOML file underneath.

The one place that reads them (apart from `RATSARCHIV_STORE`, read by `kb.backends.open_store`,
and `RATSARCHIV_LLM_URL`, read by `kb.generator`).

    RATSARCHIV_CONFIG              a TOML file with the keys below (without the prefix, lower case)
    RATSARCHIV_DATA                data directory (archive + index)            data
    RATSARCHIV_API_KEY             key for writes (header X-API-Key)           unset: writes refused
    RATSARCHIV_READ_KEY_REQUIRED   reads need the key too (true/false)          false
    RATSARCHIV_INTERNAL_KEYS       reader keys that may see non-public papers   unset: only the write key
                                   (comma-separated; TOML: a list or a string)
    RATSARCHIV_MODEL               embedding model (e5, minilm)                 e5
    RATSARCHIV_HOST                address to listen on                         127.0.0.1
    RATSARCHIV_PORT                port                                         8000
    RATSARCHIV_MAX_UPLOAD_MB       largest upload in MB                         50

Environment variables override the file; command-line options (`--index`, `--model`, `kb serve --host/--port`) override both.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kb.embedders import DEFAULT_MODEL, MODELS
from kb.errors import KbError

PREFIX = "RATSARCHIV_"


class ConfigError(KbError, ValueError):
    """A setting that cannot be used; the message names it, in German (exit code 2)."""


@dataclass(frozen=True)
class Settings:
    data: Path = Path("data")
    api_key: str | None = None
    read_key_required: bool = False
    internal_keys: tuple[str, ...] = ()  # may read non-public papers (as may the write key)
    model: str = DEFAULT_MODEL
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: float = 50.0

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """File (RATSARCHIV_CONFIG), then environment, then explicit overrides (None = not given)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if path := env.get(PREFIX + "CONFIG"):
            values.update(_read_toml(Path(path)))
        for f in fields(cls):
            if (raw := env.get(PREFIX + f.name.upper())) not in (None, ""):
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **{k: _convert(k, v) for k, v in values.items()})

    def check_server(self) -> None:
        """What a server needs beyond valid values; ConfigError naming the setting otherwise."""
        if self.read_key_required and not self.api_key:
            raise ConfigError("RATSARCHIV_READ_KEY_REQUIRED verlangt einen Schlüssel: RATSARCHIV_API_KEY ist nicht gesetzt")

    def environment(self) -> dict[str, str]:
        """These settings as environment variables (for a server started by import string)."""
        values = {"data": str(self.data), "model": self.model, "host": self.host, "port": str(self.port),
                  "max_upload_mb": repr(self.max_upload_mb), "read_key_required": str(self.read_key_required).lower()}
        if self.api_key:
            values["api_key"] = self.api_key
        if self.internal_keys:
            values["internal_keys"] = ",".join(self.internal_keys)
        return {PREFIX + k.upper(): v for k, v in values.items()}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"Konfigurationsdatei {path} nicht lesbar: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Konfigurationsdatei {path} ist kein gültiges TOML: {e}") from e
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"Konfigurationsdatei {path}: unbekannte Schlüssel {', '.join(unknown)} (erlaubt: {', '.join(sorted(known))})")
    return data


def _convert(name: str, value: Any) -> Any:
    try:
        if name == "data":
            return Path(value)
        if name == "port":
            port = int(value)
            if not 0 < port < 65536:
                raise ValueError
            return port
        if name == "max_upload_mb":
            size = float(value)
            if size <= 0:
                raise ValueError
            return size
        if name == "read_key_required":
            return _boolean(value)
        if name == "internal_keys":
            keys = value.split(",") if isinstance(value, str) else list(value)
            if not all(isinstance(k, str) for k in keys):
                raise ValueError
            return tuple(k.strip() for k in keys if k.strip())
        if name == "model":
            if value not in MODELS:
                raise ValueError
            return value
        return str(value) if value is not None else None
    except (TypeError, ValueError):
        raise ConfigError(f"Ungültiger Wert für {PREFIX}{name.upper()}: {value!r}") from None


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "ja", "on"):
        return True
    if text in ("0", "false", "no", "nein", "off", ""):
        return False
    raise ValueError(value)

"""The service's settings are kb's (`kb.config`): one place reads the environment and RATSARCHIV_CONFIG."""

from kb.config import ConfigError, Settings

__all__ = ["ConfigError", "Settings"]

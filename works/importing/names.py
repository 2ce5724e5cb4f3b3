"""Name keys live with the researcher records; importers use the same function."""

from profiles.names import name_key

__all__ = ["name_key"]

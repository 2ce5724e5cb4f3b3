"""Bibliographic imports: source parsers produce plain records; `load` writes them set-wise."""

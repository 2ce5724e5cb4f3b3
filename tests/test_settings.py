"""Every documented environment variable is read by settings (README "Configuration")."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setting_in_a_fresh_process(name: str, env: dict[str, str]) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bzpeer.settings",
            "DATABASE_URL": "postgres://unused@localhost/unused",  # settings never connect
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_graph_statement_timeout_comes_from_the_environment():
    assert setting_in_a_fresh_process("GRAPH_STATEMENT_TIMEOUT_MS", {}) == "3000"
    env = {"GRAPH_STATEMENT_TIMEOUT_MS": "1234"}
    assert setting_in_a_fresh_process("GRAPH_STATEMENT_TIMEOUT_MS", env) == "1234"


def test_every_variable_in_the_readme_table_is_read_somewhere():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"^\| `([A-Z_]+)`", table, flags=re.M))
    names |= set(re.findall(r"^\| `[A-Z_]+`, `([A-Z_]+)`", table, flags=re.M))
    sources = "".join(
        p.read_text() for p in [ROOT / "bzpeer" / "settings.py", ROOT / "bzpeer" / "serve.py"]
    )
    assert names, "the README has a configuration table"
    assert {n for n in names if f'"{n}"' not in sources} == set()
    example = (ROOT / ".env.example").read_text()
    assert {n for n in names if f"{n}=" not in example} == set()

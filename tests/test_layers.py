"""The house plan is enforced: import-linter's layers contract (.importlinter) holds for the
tree, and an import from a lower app into a higher one breaks it (so `make test` fails)."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True
    )


def apps() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config["importlinter"]["root_packages"].split()


def test_every_app_is_in_the_contract():
    installed = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"bzpeer"}
    assert installed == set(apps())


def test_the_tree_keeps_the_layer_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    for app in apps():
        shutil.copytree(
            ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    models = tmp_path / "profiles" / "models.py"
    models.write_text(models.read_text() + "\nfrom pages import views  # noqa: E402,F401\n")

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "profiles.models -> pages.views" in result.stdout

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


def tree_copy(target: Path) -> None:
    """Our apps and the contract, to break on purpose without touching the real tree."""
    for app in apps():
        shutil.copytree(
            ROOT / app, target / app, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / ".importlinter", target / ".importlinter")


def test_every_app_is_in_the_contract():
    installed = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"bzpeer"}
    assert installed == set(apps())


def test_the_tree_keeps_the_layer_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "kept, 0 broken" in result.stdout


def lint_with_an_extra_import(tmp_path: Path, module: str, line: str) -> str:
    """lint-imports on a copy of the tree where `module` (a path) gains `line`; its output."""
    tree_copy(tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text() + f"\n{line}  # noqa: E402,F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    return result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    out = lint_with_an_extra_import(tmp_path, "profiles/models.py", "from pages import views")
    assert "BROKEN" in out
    assert "profiles.models -> pages.views" in out


def test_writing_derived_state_around_the_write_path_breaks_a_contract(tmp_path):
    out = lint_with_an_extra_import(
        tmp_path, "pages/views.py", "from works.derived import edges_refresh"
    )
    assert "pages is not allowed to import works.derived" in out

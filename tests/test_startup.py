"""Commands that do not analyse start without loading spaCy (seconds of imports)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "thinc", "dask")


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    return set(result.stdout.split())


def test_help_loads_no_model():
    loaded = _modules_after(
        "from claimledger.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY)


def test_ledger_commands_load_no_model():
    loaded = _modules_after("import claimledger.cli, claimledger.export, claimledger.evaluate, "
                            "claimledger.crosssource, claimledger.web")
    assert not loaded & set(HEAVY)
    assert "claimledger.cli" in loaded

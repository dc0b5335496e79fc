"""``python -m claimledger``: the same command as the ``claimledger`` script."""

from claimledger.cli import app

app(prog_name="claimledger")

"""Cross-source view: align claims across outlets, discrepancies, evolution, framing, profiles."""

"""Whether a figure is told as new losses since the last report ("25 more soldiers",
"another 12"): read by the incident cues (a day's count inside a war) and by the
discrepancies (an increment is no rival toll). Words: ``[increment]`` in incidents.toml."""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger.lexicons import load_lexicon


@lru_cache(maxsize=1)
def _increment_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = load_lexicon("incidents").get("increment", {})

    def alternation(key: str) -> str:
        return "|".join(re.escape(w) for w in table.get(key, ())) or "(?!)"

    return (re.compile(r"^\s+(?:" + alternation("after") + r")\b", re.I),
            re.compile(r"\b(?:" + alternation("before") + r")\s+$", re.I))


def told_as_increment(evidence: str, written: str) -> bool:
    """The words around the number as written in the evidence say it is an addition."""
    at = evidence.find(written) if written else -1
    if at < 0:
        return False
    after, before = _increment_words()
    return bool(after.match(evidence[at + len(written):]) or before.search(evidence[:at]))

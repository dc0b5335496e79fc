"""All ``@Language.factory`` registrations, so users can add our components to their own nlp.

Registry names are versioned in the component classes' docstrings, not in the names, to
keep ``nlp.add_pipe("claimledger_quantities")`` stable for users.

No ``from __future__ import annotations`` here: spaCy validates factory arguments from the
signature, and the confection release spaCy 3.8.7 uses cannot resolve string annotations.
"""

from spacy.language import Language

from claimledger.pipeline.extensions import register_extensions


@Language.factory("claimledger_line_breaks")
def make_line_breaks(nlp: Language, name: str):
    """Headlines, captions and datelines on lines of their own are sentences of their own."""
    from claimledger.pipeline.lines import LineBreaks

    return LineBreaks(nlp, name)


@Language.factory("claimledger_attribute_rules")
def make_attribute_rules(nlp: Language, name: str, source: str = "attribute_ruler"):
    """The model's attribute ruler (``source``), compiled into per-token look-ups."""
    from claimledger.pipeline.attribute_rules import compiled_ruler

    return compiled_ruler(nlp, name, source)


@Language.factory("claimledger_lemmas")
def make_lemmas(nlp: Language, name: str, source: str = "lemmatizer"):
    """The model's rule lemmatizer (``source``), applied once per word form."""
    from claimledger.pipeline.lemmas import CachedLemmas

    return CachedLemmas(name, nlp.get_pipe(source))


@Language.factory("claimledger_gazetteer")
def make_gazetteer(nlp: Language, name: str):
    """Places, countries and demonyms from GeoNames; fixes the small model's entity labels."""
    from claimledger.pipeline.gazetteer import Gazetteer

    register_extensions()
    return Gazetteer(nlp, name)


@Language.factory("claimledger_attribution")
def make_attribution(nlp: Language, name: str):
    """Who asserts each sentence or quotation (according to X, X said, carried-over speech)."""
    from claimledger.pipeline.attribution import Attribution

    register_extensions()
    return Attribution(nlp, name)


@Language.factory("claimledger_quantities")
def make_quantities(nlp: Language, name: str):
    """Quantity claims: number, qualifier, measure, subject, claimant."""
    from claimledger.pipeline.quantities import QuantityExtractor

    register_extensions()
    return QuantityExtractor(nlp, name)


@Language.factory("claimledger_events")
def make_events(nlp: Language, name: str):
    """Dated events, with dates resolved against the publication date."""
    from claimledger.pipeline.events import EventExtractor

    register_extensions()
    return EventExtractor(nlp, name)


@Language.factory("claimledger_incident_cues")
def make_incident_cues(nlp: Language, name: str):
    """Which event each figure counts: trigger word, its date and place (incident cues)."""
    from claimledger.pipeline.incident_cues import IncidentCues

    register_extensions()
    return IncidentCues(nlp, name)

"""Placeholder: replaced by the real ingest module."""


def text_for_nlp(text: str) -> str:
    return text

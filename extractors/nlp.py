"""The spaCy pipeline, built once per process: blank English, scispaCy's tokenizer, the
AbbreviationDetector and a sentence component that wraps :func:`extractors.text.split_sentences`.

An installed scispaCy model can be used instead of the blank pipeline by naming it in the
``EVIDENCE_SPACY_MODEL`` environment variable (or ``get_nlp(model=...)``); nothing needs one.
"""
from __future__ import annotations

import logging
import os
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .text import split_sentences

MODEL_ENV = "EVIDENCE_SPACY_MODEL"
# scispaCy's AbbreviationDetector warns on every document when its global matcher has no patterns
warnings.filterwarnings("ignore", message=r".*\[W036\].*")


@Language.component("evidence_sentences")
def evidence_sentences(doc: Doc) -> Doc:
    """Set sentence starts from the rule-based splitter (survives 'vs.', '95% CI', decimals)."""
    starts = {s for s, _ in split_sentences(doc.text)}
    for tok in doc:
        tok.is_sent_start = tok.i == 0 or tok.idx in starts
    return doc


@lru_cache(maxsize=8)
def get_nlp(model: str | None = None, sentences: bool = False) -> Language:
    """The shared pipeline; ``model`` (or $EVIDENCE_SPACY_MODEL) names an installed scispaCy model.

    ``sentences=True`` adds the ``evidence_sentences`` component (doc.sents); the extractors do not
    need it on their hot path: they split sentences on the text with :func:`split_sentences`.
    """
    name = model or os.environ.get(MODEL_ENV) or None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
        from scispacy.custom_tokenizer import combined_rule_tokenizer

        nlp = None
        if name:
            try:
                nlp = spacy.load(name, exclude=["ner", "parser", "tagger", "lemmatizer", "attribute_ruler"])
            except (OSError, ImportError) as exc:  # not installed: say so once, use the blank pipeline
                logging.getLogger(__name__).warning(
                    "spaCy model %r (from %s) could not be loaded (%s); using spacy.blank('en') with scispaCy's "
                    "tokenizer. Install the model or unset %s.", name, MODEL_ENV if not model else "argument", exc, MODEL_ENV)
        if nlp is None:
            nlp = spacy.blank("en")
            nlp.tokenizer = combined_rule_tokenizer(nlp)
        if sentences and "evidence_sentences" not in nlp.pipe_names:
            nlp.add_pipe("evidence_sentences", first=True)
        if "abbreviation_detector" not in nlp.pipe_names:
            nlp.add_pipe("abbreviation_detector")
    return nlp


def parse(text: str, model: str | None = None, sentences: bool = False) -> Doc:
    """Run the shared pipeline over ``text`` (scispaCy's per-document W036 warning silenced)."""
    nlp = get_nlp(model, sentences)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return nlp(text)

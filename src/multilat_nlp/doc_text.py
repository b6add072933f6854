"""The text of a ``Doc``, kept once instead of rebuilt by every stage.

spaCy's ``doc.text`` joins every token's text again on each access: one ``Token`` object per
token, about as costly as segmenting the document. The tokenizer already has the text, so it
records it here and stages read it back with :func:`doc_text`. A recorded text that no longer
spans the Doc (a Doc built some other way) is ignored, so the answer is always ``doc.text``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "multilat_nlp.text"


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text`` as the text of ``doc`` (the tokenizer's input, which ``doc.text`` is)."""
    doc.user_data[_KEY] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's record when it still spans the Doc."""
    text = doc.user_data.get(_KEY)
    if isinstance(text, str) and len(doc):
        last = doc[-1]
        if last.idx + len(last.text_with_ws) == len(text):
            return text
    elif isinstance(text, str) and not text:
        return text
    return doc.text

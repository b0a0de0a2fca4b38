"""Folding text for matching, and marking the match in what is shown."""

import unicodedata

from markupsafe import Markup, escape

from app.i18n import LANGS


def fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold().replace("ё", "е")


def fold(text: str | None) -> str:
    """Case-insensitive form for every script: Դ/դ, Ж/ж, and ligatures such as և (եւ) compare equal."""
    return "".join(fold_char(ch) for ch in (text or ""))


def _folded_with_map(text):
    """The folded text and, for each folded character, the index of the original character it came from."""
    folded, origin = [], []
    for i, ch in enumerate(text):
        part = fold_char(ch)
        folded.append(part)
        origin.extend([i] * len(part))
    return "".join(folded), origin


def find(text: str | None, folded_query: str):
    """(start, end) of the first match in the original text, or None."""
    if not text or not folded_query:
        return None
    folded, origin = _folded_with_map(text)
    # The whole query first; else its longest word found (a search matches every word, in any order).
    for needle in [folded_query] + sorted(set(folded_query.split()), key=len, reverse=True):
        at = folded.find(needle)
        if at >= 0:
            return origin[at], origin[at + len(needle) - 1] + 1
    return None


def highlight(text: str | None, folded_query: str, context: int | None = None) -> Markup:
    """The text (or a window of `context` characters around the match) with the match in <mark>; escaped."""
    text = text or ""
    span = find(text, folded_query)
    if span is None:
        if context is not None and len(text) > 2 * context:
            return escape(text[: 2 * context].rstrip()) + Markup("…")
        return escape(text)
    start, end = span
    before, match, after = text[:start], text[start:end], text[end:]
    prefix = suffix = Markup("")
    if context is not None:
        if len(before) > context:
            before, prefix = before[-context:].lstrip(), Markup("…")
        if len(after) > context:
            after, suffix = after[:context].rstrip(), Markup("…")
    return prefix + escape(before) + Markup("<mark>") + escape(match) + Markup("</mark>") + escape(after) + suffix


def like_pattern(folded_query: str) -> str:
    escaped = folded_query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def best_text(obj, field, folded_query, lang):
    """(text, language) of the translation of `field` that contains the match: the reader's language first."""
    order = [lang] + [code for code in LANGS if code != lang]
    texts = [(getattr(obj, f"{field}_{code}", None), code) for code in order]
    for text, code in texts:
        if text and find(text, folded_query):
            return text, code
    for text, code in texts:
        if text:
            return text, code
    return "", lang

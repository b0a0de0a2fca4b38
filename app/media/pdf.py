"""Look inside PDF bytes for what we refuse: not a PDF, damaged, active content, or content we cannot inspect.

This is a tripwire, not a sanitiser. It stops PDFs with scripts, launch actions or attached files as ordinary tools
write them, and the usual light disguises: names written with #xx escapes (/J#61vaScript) and objects packed into
compressed (Flate) object streams. A determined attacker can still hide such content from any pattern check (object
streams behind other filters or predictors, names in indirect objects we do not resolve), so readers are protected
first by how documents are served: always as a download, with nosniff and a sandboxing CSP, never rendered by us.
A stronger guarantee would need a real PDF parser (qpdf/pikepdf) or re-rendering pages to images.
"""

import re
import zlib

NOT_PDF, DAMAGED, ACTIVE, UNCHECKABLE = "not_pdf", "damaged", "active", "uncheckable"

_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# PDF readers look for %%EOF within the last kilobyte (trailing newlines and junk are common).
_EOF_WINDOW = 1024

# Characters that end a PDF name: whitespace and delimiters.
_ENDS_NAME = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_BOUNDARY = rb"(?=[" + _ENDS_NAME + rb"]|\Z)"
_ESCAPED_NAME = re.compile(rb"/[^" + _ENDS_NAME + rb"#]*#[^" + _ENDS_NAME + rb"]*")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# Scripts, launch actions and attached files. Long names are searched everywhere: they do not turn up by chance in
# binary data. Short ones would (three bytes), so /JS (a script) and /EF (a file specification's embedded file) are
# searched only in PDF syntax: outside stream data, and in inflated streams that start like an object stream.
_ACTIVE = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|FileAttachment)" + _BOUNDARY)
_JS = re.compile(rb"/(?:JS|EF)" + _BOUNDARY)
_ENCRYPT = re.compile(rb"/Encrypt" + _BOUNDARY)
_OBJECT_STREAM_HINT = re.compile(rb"/(?:First|ObjStm)" + _BOUNDARY)
_IMAGE_HINT = re.compile(rb"/Image" + _BOUNDARY)
_STARTS_LIKE_OBJECTS = re.compile(rb"\s*\d+\s+\d+")
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"

# How far back from `stream` to look for its dictionary, and how much inflated data we are willing to read in all.
_DICT_WINDOW = 4096
_INFLATE_BUDGET = 128 * 1024 * 1024
_CHUNK = 64 * 1024
_OVERLAP = 256


class _OverBudget(Exception):
    pass


def problem(data: bytes) -> str | None:
    """Return why these bytes are refused (one of the constants above), or None if they look like a plain PDF."""
    if not _HEADER.match(data):
        return NOT_PDF
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        return DAMAGED
    streams, syntax, disguised = _split(data)
    for start, end in syntax:
        text = _unescape_names(data[start:end])
        if _ENCRYPT.search(text):
            # Encrypted strings and streams cannot be inspected.
            return UNCHECKABLE
        if _ACTIVE.search(text) or _JS.search(text):
            return ACTIVE
    for _, body, end in streams:
        if _ACTIVE.search(_unescape_names(data[body:end])):
            return ACTIVE
    try:
        return _check_compressed(data, [body for _, body, _ in streams] + disguised)
    except _OverBudget:
        return UNCHECKABLE


def _split(data):
    """Return streams (keyword, body start, body end), the ranges of PDF syntax between them, and disguised bodies.

    A stream's data is taken to end at the first `endstream`. A `stream` keyword inside what we took for stream
    data (say, inside a string literal made to look like a stream) may still be a real stream to a reader; its
    body start is returned as disguised, so compressed content behind it is inspected too.
    """
    streams, syntax, pos = [], [], 0
    while match := _STREAM.search(data, pos):
        end = data.find(_ENDSTREAM, match.end())
        end = len(data) if end < 0 else end
        syntax.append((pos, match.start()))
        streams.append((match.start(), match.end(), end))
        pos = end + len(_ENDSTREAM)
    syntax.append((pos, len(data)))
    seen = {body for _, body, _ in streams}
    disguised = [m.end() for m in _STREAM.finditer(data) if m.end() not in seen]
    return streams, syntax, disguised


def _check_compressed(data, bodies):
    budget = [_INFLATE_BUDGET]
    previous = 0
    for body in sorted(bodies):
        # Never look back past the previous stream, so a file packed with `stream` keywords costs linear time.
        window_start, previous = max(previous, body - _DICT_WINDOW), body
        if not _is_zlib(data[body:body + 2]):
            continue
        dictionary = _unescape_names(data[window_start:body])
        objects_hint = _OBJECT_STREAM_HINT.search(dictionary)
        if _IMAGE_HINT.search(dictionary) and not objects_hint:
            continue  # pixels: a name in there does nothing, and images are the bulk of most PDFs
        first = True
        check_js = bool(objects_hint)
        for text in _inflated_windows(data, body, budget):
            if first:
                check_js = check_js or bool(_STARTS_LIKE_OBJECTS.match(text))
                first = False
            text = _unescape_names(text)
            if _ACTIVE.search(text) or (check_js and _JS.search(text)):
                return ACTIVE
    return None


def _inflated_windows(data, start, budget):
    """Inflate the zlib stream at data[start:], yielding overlapping windows; raise _OverBudget past the budget."""
    inflater = zlib.decompressobj()
    view = memoryview(data)
    pos, pending, tail = start, b"", b""
    while not inflater.eof:
        if not pending:
            if pos >= len(data):
                return
            pending = view[pos:pos + _CHUNK]
            pos += _CHUNK
        try:
            piece = inflater.decompress(pending, _CHUNK)
        except zlib.error:
            return  # damaged or not really zlib: what was inflated so far has been checked
        pending = inflater.unconsumed_tail
        if not piece:
            continue
        budget[0] -= len(piece)
        if budget[0] < 0:
            raise _OverBudget
        yield tail + piece
        tail = piece[-_OVERLAP:]


def _is_zlib(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def _unescape_names(text: bytes) -> bytes:
    """Decode #xx escapes inside names, so /J#61vaScript reads as /JavaScript."""
    if b"#" not in text:
        return text
    return _ESCAPED_NAME.sub(lambda m: _HEX_ESCAPE.sub(lambda h: bytes.fromhex(h.group(1).decode()), m.group()), text)

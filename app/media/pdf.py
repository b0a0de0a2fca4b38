"""Look inside PDF bytes for what we refuse: not a PDF, damaged, active content, web links, or content we cannot check.

The file is parsed by qpdf (through pikepdf), the way a reader sees it: every object, including those packed into
compressed object streams, with names decoded (/J#61vaScript is /JavaScript) and hex strings read. Any object that
holds a script (/JS, /JavaScript), an XFA form, a launch, URI, remote or form-submitting action, or an attached file
refuses the document. Nothing is rewritten: an accepted file is stored byte for byte.

Parsing runs in a child process with limits on memory and time, so a compression bomb in an object or cross-reference
stream (ten megabytes that inflate to gigabytes) costs that child, not a web worker. Readers are still protected first
by how documents are served: always as a download, with nosniff and a sandboxing CSP, never rendered by us.
"""

import os
import re
import subprocess
import sys

NOT_PDF, DAMAGED, ACTIVE, LINKS, UNCHECKABLE = "not_pdf", "damaged", "active", "links", "uncheckable"

_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# PDF readers look for %%EOF within the last kilobyte (trailing newlines and junk are common).
_EOF_WINDOW = 1024

# The child's limits: address space (pikepdf and qpdf need about 100 MB of it before reading anything) and seconds.
_MEMORY_LIMIT = 768 * 1024 * 1024
_TIME_LIMIT = 20

# Keys whose mere presence makes a dictionary active: scripts, XFA forms, attached files, additional-action scripts.
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/XFA", "/EF", "/EmbeddedFiles", "/EmbeddedFile"}
# Action types (/S) that run something, open another file or program, or send data out.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/Rendition",
                   "/RichMediaExecute"}
_ACTIVE_TYPES = {"/EmbeddedFile", "/Filespec"}
_ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
# Nested direct objects deeper than this are not something a writer makes; refusing them bounds the walk.
_MAX_DEPTH = 64


def problem(data: bytes) -> str | None:
    """Return why these bytes are refused (one of the constants above), or None for a plain, passive PDF."""
    if not _HEADER.match(data):
        return NOT_PDF
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        return DAMAGED
    try:
        # The child limits itself first thing (preexec_fn is unsafe in a threaded server).
        # This very file, run by this interpreter, without a shell.
        done = subprocess.run([sys.executable, "-I", os.path.abspath(__file__), str(_MEMORY_LIMIT), str(_TIME_LIMIT)],  # noqa: S603
                              input=data, capture_output=True, timeout=_TIME_LIMIT + 5, check=False)
    except subprocess.TimeoutExpired:
        return UNCHECKABLE
    answer = done.stdout.decode("ascii", "replace").strip()
    if done.returncode != 0 or answer not in {"ok", NOT_PDF, DAMAGED, ACTIVE, LINKS, UNCHECKABLE}:
        return UNCHECKABLE  # killed by a limit, or qpdf gave up in a way we did not foresee
    return None if answer == "ok" else answer


def _limit_self(memory, seconds):
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def inspect(data: bytes) -> str | None:
    """Parse the PDF and judge every object (runs in the child process)."""
    import io

    import pikepdf

    try:
        # A damaged cross-reference table is rebuilt by scanning the whole file, as readers do, so every object is seen.
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return UNCHECKABLE
    except pikepdf.PdfError as error:
        return UNCHECKABLE if "encrypt" in str(error).lower() else DAMAGED
    with pdf:
        if pdf.is_encrypted:
            return UNCHECKABLE  # readable with an empty password, but stored encrypted: say so rather than guess
        indexed = {number for (number, _), entry in pdf.get_xref_table().items() if entry.type in (1, 2)}
        verdict = None
        for obj in pdf.objects:
            if _unindexed_objects(obj, indexed):
                # A reader that rebuilds the cross-reference table would find objects we never judged.
                return DAMAGED
            found = _judge(obj, 0)
            if found == ACTIVE:
                return ACTIVE
            verdict = verdict or found
        return _failed_to_read(pdf.get_warnings()) or verdict


# qpdf reports a stream it could not decode (an object stream among them) as a warning and reads its objects as
# null: whatever hid there was never judged.
_OUT_OF_MEMORY = "bad_alloc"
_UNREAD = ("error decoding stream", "unfilterable", "object stream")


def _failed_to_read(warnings):
    if any(_OUT_OF_MEMORY in warning for warning in warnings):
        return UNCHECKABLE
    if any(unread in warning.lower() for warning in warnings for unread in _UNREAD):
        return DAMAGED
    return None


def _unindexed_objects(obj, indexed) -> bool:
    """True for an object stream holding objects the cross-reference does not list (so qpdf skips them)."""
    import pikepdf

    if not isinstance(obj, pikepdf.Stream) or obj.stream_dict.get("/Type") != pikepdf.Name.ObjStm:
        return False
    try:
        first, count = int(obj.stream_dict.First), int(obj.stream_dict.N)
        header = obj.read_bytes()[:first].split()
        numbers = [int(number) for number in header[0:2 * count:2]]
    except (AttributeError, ValueError, TypeError, pikepdf.PdfError):
        return False  # not readable: qpdf has warned, and the warning decides
    return len(numbers) != count or not set(numbers) <= indexed


def _judge(obj, depth):
    """ACTIVE, LINKS or None for one object and the direct objects inside it (indirect ones are judged on their own)."""
    import pikepdf

    if depth > _MAX_DEPTH:
        return ACTIVE
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        keys = set(obj.keys())
        if keys & _ACTIVE_KEYS:
            return ACTIVE
        if _name(obj.get("/S")) in _ACTIVE_ACTIONS or _name(obj.get("/Type")) in _ACTIVE_TYPES:
            return ACTIVE
        if _name(obj.get("/Subtype")) in _ACTIVE_SUBTYPES:
            return ACTIVE
        verdict = LINKS if _name(obj.get("/S")) == "/URI" or "/URI" in keys else None
        children = (obj.get(key) for key in keys)
    elif isinstance(obj, pikepdf.Array):
        verdict, children = None, iter(obj)
    else:
        return None
    for child in children:
        if not isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) or child.is_indirect:
            continue
        found = _judge(child, depth + 1)
        if found == ACTIVE:
            return ACTIVE
        verdict = verdict or found
    return verdict


def _name(value):
    import pikepdf

    return str(value) if isinstance(value, pikepdf.Name) else None


if __name__ == "__main__":
    _limit_self(int(sys.argv[1]), int(sys.argv[2]))
    try:
        print(inspect(sys.stdin.buffer.read()) or "ok")
    except MemoryError:
        print(UNCHECKABLE)

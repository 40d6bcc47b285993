"""A quicker reader of PDF content streams for pdfminer's page interpreter.

pdfminer.six tokenises a page's drawing instructions a character at a time, which is most of
the time it takes to read a report. This interpreter cuts the same tokens with one regular
expression and hands them to pdfminer's own operators (fonts, text and graphics state, forms),
so what is drawn is understood exactly as pdfminer understands it. Inline images are skipped:
the reader needs no pictures.
"""

import re

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import LIT

_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|/(?P<name>[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<open>\(|<<|\[|<(?!<)|\{)"
    rb"|(?P<close>>>|\]|\})"
    rb"|(?P<keyword>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
    rb"|(?P<other>.)",
    re.S,
)
_HEX = re.compile(rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>?")
_STRING_PART = re.compile(rb"[()\\]")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("("): b"(",
    ord(")"): b")",
    ord("\\"): b"\\",
}
_OCTAL = re.compile(rb"[0-7]{1,3}")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r /]|$)")
_CONSTANTS = {b"true": True, b"false": False, b"null": None}


class QuickInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter with a regular-expression tokeniser (pdfminer's own dup()
    makes the interpreters for forms of the same class)."""

    def execute(self, streams) -> None:
        self.stream_ids.clear()
        methods = _methods(self)
        for item in streams:
            stream = stream_value(item)
            if not isinstance(stream, PDFStream) or stream.objid is None:
                continue
            if stream.objid in self.parent_stream_ids:
                continue  # a form that draws itself: refuse the loop
            self.stream_ids.add(stream.objid)
            self._run(stream.get_data(), methods)

    def _run(self, data: bytes, methods: dict) -> None:
        operands: list = []
        stack: list[tuple[str, list]] = []  # open arrays and dictionaries
        match = _TOKEN.match
        position, length = 0, len(data)
        while position < length:
            token = match(data, position)
            kind = token.lastgroup
            end = token.end()
            if kind is None:  # space or comment
                position = end
                continue
            if kind == "number":
                text = token.group(kind)
                value = float(text) if b"." in text else int(text)
            elif kind == "name":
                value = LIT(_name(token.group(kind)))
            elif kind == "open":
                opener = token.group(kind)
                if opener == b"(":
                    value, end = _string(data, end)
                elif opener == b"<":
                    hexes = _HEX.match(data, position)
                    value, end = _hex(hexes.group(1)), hexes.end()
                else:
                    stack.append((opener, operands))
                    operands = []
                    position = end
                    continue
            elif kind == "close":
                if not stack:
                    position = end
                    continue
                opener, outer = stack.pop()
                value = operands if opener != b"<<" else _dictionary(operands)
                operands = outer
            elif kind == "keyword":
                word = token.group(kind)
                if word in _CONSTANTS:
                    value = _CONSTANTS[word]
                elif stack:
                    value = word  # a stray word inside an array: keep it as data
                elif word == b"BI":
                    found = _INLINE_IMAGE_END.search(data, end)
                    position = found.end() if found else length
                    operands = []
                    continue
                else:
                    method = methods.get(word)
                    if method is not None:
                        func, count = method
                        if count:
                            if len(operands) >= count:
                                func(*operands[-count:])
                        else:
                            func()
                    operands = []
                    position = end
                    continue
            else:
                position = end
                continue
            operands.append(value)
            position = end


_METHODS: dict[type, dict] = {}


def _methods(interpreter: PDFPageInterpreter) -> dict[bytes, tuple]:
    """The interpreter's operator methods, by the operator's bytes, and how many operands."""
    known = _METHODS.get(type(interpreter))
    if known is None:
        known = {}
        for attribute in dir(type(interpreter)):
            if attribute.startswith("do_"):
                name = attribute[3:].replace("_a", "*").replace("_w", '"').replace("_q", "'")
                func = getattr(type(interpreter), attribute)
                known[name.encode("latin-1")] = (attribute, func.__code__.co_argcount - 1)
        _METHODS[type(interpreter)] = known
    return {
        key: (getattr(interpreter, attribute), count) for key, (attribute, count) in known.items()
    }


def _name(raw: bytes):
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        return raw


def _string(data: bytes, position: int) -> tuple[bytes, int]:
    """A literal string from just after its '(': its bytes, and where it ends."""
    depth, parts, start = 1, [], position
    search = _STRING_PART.search
    while True:
        found = search(data, position)
        if found is None:
            parts.append(data[start:])
            return b"".join(parts), len(data)
        at = found.start()
        mark = data[at]
        if mark == 0x5C:  # backslash
            parts.append(data[start:at])
            following = data[at + 1 : at + 2]
            if not following:
                return b"".join(parts), len(data)
            code = following[0]
            if code in _ESCAPES:
                parts.append(_ESCAPES[code])
                position = start = at + 2
            elif 0x30 <= code <= 0x37:
                digits = _OCTAL.match(data, at + 1).group()
                parts.append(bytes((int(digits, 8) & 0xFF,)))
                position = start = at + 1 + len(digits)
            elif code in (0x0D, 0x0A):  # a line continued
                position = start = at + (3 if data[at + 1 : at + 3] == b"\r\n" else 2)
            else:
                position = start = at + 1
            continue
        if mark == 0x28:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                parts.append(data[start:at])
                return b"".join(parts), at + 1
        position = at + 1


def _hex(digits: bytes) -> bytes:
    digits = digits.translate(None, b"\x00\t\n\x0c\r ")
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _dictionary(items: list) -> dict:
    pairs = {}
    for index in range(0, len(items) - 1, 2):
        key = items[index]
        name = getattr(key, "name", None)
        if name is not None:
            pairs[name] = items[index + 1]
    return pairs

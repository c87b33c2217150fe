"""The safe codec between the grader and the sandboxed worker: no pickle, no eval.

A message is JSON plus a list of NumPy arrays carried as their raw bytes, described in the
JSON by a dtype string that must match ``[<>|=][biufc]<size>`` (bool, integers, floats,
complex: never object, string, void or structured) and a shape; they are rebuilt with
``numpy.frombuffer`` and copied. Only plain values cross: None, bool, int, float, str, list,
tuple, dict with str keys, and plain ``numpy.ndarray`` of numeric or bool dtype (NumPy
scalars travel as 0-d arrays and come back as arrays). Anything else, including ndarray
subclasses and objects with their own ``__eq__``, is refused with CodecError.

Frame on the wire: 8-byte big-endian length, then ``b"CK3"``, 4-byte JSON length, JSON,
and for each array an 8-byte length and its bytes (C order). (Raw bytes rather than ``.npy``:
``np.load`` costs ~60 us per array, a tenth of a millisecond per call of a student's function.)
In the JSON every object is a tag with one key: ``{"__dict__": [[key, value], ...]}``,
``{"__tuple__": [...]}``, ``{"__ndarray__": [index, dtype, shape]}``, ``{"__float__": "nan"}``,
``{"__bigint__": "123..."}``; so the decoder rebuilds values in ``json.loads``' own pass
(``object_hook``) and a dict's keys can never be mistaken for a tag. Encoding walks the value
once without tracking where it is; only a refused value is walked again to name its place.
"""
from __future__ import annotations

import json
import math
import re
import struct
import threading
from functools import lru_cache

import numpy as np

MAGIC = b"CK3"
DTYPE = re.compile(r"^[<>|=][biufc][0-9]{1,2}$")
ALLOWED_KINDS = set("biufc")  # bool, int, uint, float, complex: never object, str, void


class CodecError(ValueError):
    """A value that may not cross the grading boundary, or a malformed frame."""


class _Refused(Exception):
    """Raised by ``_plain``; ``_refusal`` then says where and why."""


def read_size(missing: int) -> int:
    """How much to ask ``os.read`` for when ``missing`` bytes of a frame are still to come: at
    least 64 KiB (so a small frame's length and body, or several frames, come in one read), at
    most 1 MiB."""
    return min(max(missing, 1 << 16), 1 << 20)


def _plain(value, arrays: list[bytes]):
    """The JSON image of ``value`` (arrays' bytes appended to ``arrays``); _Refused if unsafe."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if kind is int:
        return value if -2 ** 63 < value < 2 ** 63 else {"__bigint__": str(value)}
    if kind is list:
        return [_plain(v, arrays) for v in value]
    if kind is np.ndarray:
        if value.dtype.kind not in ALLOWED_KINDS:
            raise _Refused
        arrays.append(value.tobytes())  # C order
        return {"__ndarray__": [len(arrays) - 1, value.dtype.str, list(value.shape)]}
    if kind is tuple:
        return {"__tuple__": [_plain(v, arrays) for v in value]}
    if kind is dict:
        pairs = []
        for k, v in value.items():
            if type(k) is not str:
                raise _Refused
            pairs.append([k, _plain(v, arrays)])
        return {"__dict__": pairs}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return _plain(np.asarray(value), arrays)
    raise _Refused


def _refusal(value, path: str) -> str | None:
    """Why ``value`` may not be sent, naming the place (``value[2]['x']``), or None if it may:
    ``_plain``'s checks again, for a refused value only, so the common case tracks no place."""
    kind = type(value)
    if value is None or kind in (bool, str, int, float):
        return None
    if kind is list or kind is tuple:
        return next((r for i, v in enumerate(value) if (r := _refusal(v, f"{path}[{i}]"))), None)
    if kind is dict:
        bad = [k for k in value if type(k) is not str]
        if bad:
            return f"{path}: dict keys must be str, found {type(bad[0]).__name__}"
        return next((r for k, v in value.items() if (r := _refusal(v, f"{path}[{k!r}]"))), None)
    if kind is np.ndarray or isinstance(value, np.generic) and kind.__module__ == "numpy":
        array = np.asarray(value)
        if type(array) is not np.ndarray or array.dtype.kind not in ALLOWED_KINDS:
            return f"{path}: arrays must be numeric or bool, got dtype {array.dtype}"
        return None
    return (f"{path}: a value of type {kind.__module__}.{kind.__qualname__} cannot be returned; "
            "return plain NumPy arrays, numbers, strings, lists, tuples or dicts")


def encode(message) -> bytes:
    """One frame (with its length prefix) holding ``message``; raise CodecError for unsafe values."""
    arrays: list[bytes] = []
    try:
        image = _plain(message, arrays)
    except _Refused:
        raise CodecError(_refusal(message, "value") or "value: cannot be sent") from None
    header = _to_json(image).encode()
    parts = [MAGIC, struct.pack(">I", len(header)), header]
    for blob in arrays:
        parts += [struct.pack(">Q", len(blob)), blob]
    body = b"".join(parts)
    return struct.pack(">Q", len(body)) + body


@lru_cache(maxsize=64)
def _dtype(text: str) -> np.dtype:
    """The dtype a frame names (checked once per distinct text); CodecError if not allowed."""
    if not DTYPE.match(text):
        raise CodecError("malformed frame: unknown tag '__ndarray__' form")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise CodecError(f"malformed frame: dtype {text!r}") from None
    if dtype.kind not in ALLOWED_KINDS:
        raise CodecError(f"refused an array of dtype {dtype}")
    return dtype


def _array(spec, blobs: list[bytes]) -> np.ndarray:
    """An array from its (index, dtype string, shape) and its bytes; CodecError if malformed."""
    if not (type(spec) is list and len(spec) == 3 and type(spec[0]) is int and 0 <= spec[0] < len(blobs)
            and type(spec[1]) is str and type(spec[2]) is list
            and all(type(n) is int and n >= 0 for n in spec[2])):
        raise CodecError("malformed frame: unknown tag '__ndarray__' form")
    dtype = _dtype(spec[1])
    blob, count = blobs[spec[0]], math.prod(spec[2])
    if len(blob) != count * dtype.itemsize:
        raise CodecError("malformed frame: an array's bytes do not match its shape")
    return np.frombuffer(blob, dtype=dtype, count=count).reshape(spec[2]).copy()


class _Decoder(threading.local):
    """A JSON decoder whose object_hook turns each tag (innermost first) into its value; one per
    thread (a decoder costs more to make than a small frame costs to decode), the arrays' bytes
    set for each frame."""

    def __init__(self) -> None:
        self.arrays: list[bytes] = []
        self.json = json.JSONDecoder(object_hook=self.hook)
        self.scan = self.json.scan_once  # type: ignore[attr-defined]  # its C scanner, without decode()'s wrapper

    def hook(self, node: dict):
        if len(node) != 1:
            raise CodecError("malformed frame: an object must have exactly one tag")
        (tag, inner), = node.items()
        if tag == "__ndarray__":
            return _array(inner, self.arrays)
        if tag == "__tuple__" and type(inner) is list:
            return tuple(inner)
        if tag == "__dict__" and type(inner) is list:
            if not all(type(pair) is list and len(pair) == 2 and type(pair[0]) is str for pair in inner):
                raise CodecError("malformed frame: a dict's items must be [str, value] pairs")
            return dict(inner)
        if tag == "__float__" and inner in ("nan", "inf", "-inf"):
            return float(inner)
        if tag == "__bigint__" and type(inner) is str and inner.lstrip("-").isdigit():
            return int(inner)
        raise CodecError(f"malformed frame: unknown tag {tag!r}")

    def decode(self, header: bytes, arrays: list[bytes]):
        self.arrays = arrays
        text = header.decode("utf-8")
        try:
            value, end = self.scan(text, 0)
        except StopIteration:
            raise CodecError("malformed frame: no JSON value") from None
        finally:
            self.arrays = []
        if end != len(text):
            raise CodecError("malformed frame: extra data after the JSON value")
        return value


def _unknown(value):
    raise TypeError(f"not JSON: {type(value).__name__}")  # never reached: _plain made the image


_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))
# the C encoder JSONEncoder.encode makes on every call, made once (stateless: shared by threads);
# no circular check: _plain's image is a fresh tree (a value with a cycle is a RecursionError there)
_MAKE_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # None where json has no C speedups
_C_ENCODER = _MAKE_C_ENCODER and _MAKE_C_ENCODER(None, _unknown, json.encoder.encode_basestring_ascii, None,
                                                 ":", ",", False, False, False)


def _to_json(image) -> str:
    return "".join(_C_ENCODER(image, 0)) if _C_ENCODER else _ENCODER.encode(image)


_DECODER = _Decoder()


def decode(body: bytes):
    """The message in one frame body (without its length prefix). Never unpickles."""
    if body[:3] != MAGIC:
        raise CodecError("malformed frame: bad magic")
    try:
        (json_len,) = struct.unpack(">I", body[3:7])
        offset, arrays = 7 + json_len, []  # the arrays' bytes, in order
        while offset < len(body):
            (n,) = struct.unpack(">Q", body[offset:offset + 8])
            blob = body[offset + 8:offset + 8 + n]
            if len(blob) != n:
                raise CodecError("malformed frame: truncated array")
            arrays.append(blob)
            offset += 8 + n
        return _DECODER.decode(body[7:7 + json_len], arrays)
    except (ValueError, struct.error, RecursionError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"malformed frame: {exc}") from None

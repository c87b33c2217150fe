"""The safe codec between the grader and the sandboxed worker: no pickle, no eval.

A message is JSON plus a list of NumPy arrays carried as their raw bytes, described in the
JSON by a dtype string that must match ``[<>|=][biufc]<size>`` (bool, integers, floats,
complex: never object, string, void or structured) and a shape; they are rebuilt with
``numpy.frombuffer`` and copied. Only plain values cross: None, bool, int, float, str, list,
tuple, dict with str keys, and plain ``numpy.ndarray`` of numeric or bool dtype (NumPy
scalars travel as 0-d arrays and come back as arrays). Anything else, including ndarray
subclasses and objects with their own ``__eq__``, is refused with CodecError.

Frame on the wire: 8-byte big-endian length, then ``b"CK2"``, 4-byte JSON length, JSON,
and for each array an 8-byte length and its bytes (C order). (Raw bytes rather than ``.npy``:
``np.load`` costs ~60 us per array, a tenth of a millisecond per call of a student's function.)
"""
from __future__ import annotations

import json
import math
import re
import struct

import numpy as np

MAGIC = b"CK2"
DTYPE = re.compile(r"^[<>|=][biufc][0-9]{1,2}$")
ALLOWED_KINDS = set("biufc")  # bool, int, uint, float, complex: never object, str, void


class CodecError(ValueError):
    """A value that may not cross the grading boundary, or a malformed frame."""


def _encode_value(value, arrays: list[bytes], path: str):
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2 ** 63 else {"__bigint__": str(value)}
    if kind is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if kind is list:
        return [_encode_value(v, arrays, f"{path}[{i}]") for i, v in enumerate(value)]
    if kind is tuple:
        return {"__tuple__": [_encode_value(v, arrays, f"{path}[{i}]") for i, v in enumerate(value)]}
    if kind is dict:
        bad = [k for k in value if type(k) is not str]
        if bad:
            raise CodecError(f"{path}: dict keys must be str, found {type(bad[0]).__name__}")
        return {"__dict__": {k: _encode_value(v, arrays, f"{path}[{k!r}]") for k, v in value.items()}}
    if kind is np.ndarray or isinstance(value, np.generic) and kind.__module__ == "numpy":
        array = np.asarray(value)
        if type(array) is not np.ndarray or array.dtype.kind not in ALLOWED_KINDS:
            raise CodecError(f"{path}: arrays must be numeric or bool, got dtype {array.dtype}")
        arrays.append(array.tobytes())  # C order
        return {"__ndarray__": [len(arrays) - 1, array.dtype.str, list(array.shape)]}
    raise CodecError(f"{path}: a value of type {kind.__module__}.{kind.__qualname__} cannot be returned; "
                     "return plain NumPy arrays, numbers, strings, lists, tuples or dicts")


def encode(message) -> bytes:
    """One frame (with its length prefix) holding ``message``; raise CodecError for unsafe values."""
    arrays: list[bytes] = []
    header = json.dumps(_encode_value(message, arrays, "value"), allow_nan=False).encode()
    parts = [MAGIC, struct.pack(">I", len(header)), header]
    for blob in arrays:
        parts += [struct.pack(">Q", len(blob)), blob]
    body = b"".join(parts)
    return struct.pack(">Q", len(body)) + body


def _array(spec, blobs: list[bytes]) -> np.ndarray:
    """An array from its (index, dtype string, shape) and its bytes; CodecError if malformed."""
    if not (isinstance(spec, list) and len(spec) == 3 and type(spec[0]) is int and 0 <= spec[0] < len(blobs)
            and isinstance(spec[1], str) and DTYPE.match(spec[1]) and isinstance(spec[2], list)
            and all(type(n) is int and n >= 0 for n in spec[2])):
        raise CodecError("malformed frame: unknown tag '__ndarray__' form")
    try:
        dtype = np.dtype(spec[1])
    except TypeError:
        raise CodecError(f"malformed frame: dtype {spec[1]!r}") from None
    if dtype.kind not in ALLOWED_KINDS:
        raise CodecError(f"refused an array of dtype {dtype}")
    blob, count = blobs[spec[0]], math.prod(spec[2])
    if len(blob) != count * dtype.itemsize:
        raise CodecError("malformed frame: an array's bytes do not match its shape")
    return np.frombuffer(blob, dtype=dtype, count=count).reshape(spec[2]).copy()


def _decode_value(node, arrays: list[bytes]):
    if isinstance(node, list):
        return [_decode_value(v, arrays) for v in node]
    if not isinstance(node, dict):
        return node
    if len(node) != 1:
        raise CodecError("malformed frame: an object must have exactly one tag")
    (tag, inner), = node.items()
    if tag == "__tuple__" and isinstance(inner, list):
        return tuple(_decode_value(v, arrays) for v in inner)
    if tag == "__dict__" and isinstance(inner, dict):
        return {k: _decode_value(v, arrays) for k, v in inner.items()}
    if tag == "__ndarray__":
        return _array(inner, arrays)
    if tag == "__float__" and inner in ("nan", "inf", "-inf"):
        return float(inner)
    if tag == "__bigint__" and isinstance(inner, str) and inner.lstrip("-").isdigit():
        return int(inner)
    raise CodecError(f"malformed frame: unknown tag {tag!r}")


def decode(body: bytes):
    """The message in one frame body (without its length prefix). Never unpickles."""
    if body[:3] != MAGIC:
        raise CodecError("malformed frame: bad magic")
    try:
        (json_len,) = struct.unpack(">I", body[3:7])
        header = json.loads(body[7:7 + json_len])
        offset, arrays = 7 + json_len, []  # the arrays' bytes, in order
        while offset < len(body):
            (n,) = struct.unpack(">Q", body[offset:offset + 8])
            blob = body[offset + 8:offset + 8 + n]
            if len(blob) != n:
                raise CodecError("malformed frame: truncated array")
            arrays.append(blob)
            offset += 8 + n
        return _decode_value(header, arrays)
    except (ValueError, struct.error, RecursionError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"malformed frame: {exc}") from None

"""The codec carries plain values both ways and refuses everything else: no pickle, ever."""
import io
import struct

import numpy as np
import pytest

from coursekit.sandbox.codec import MAGIC, CodecError, decode, encode


def roundtrip(value):
    frame = encode(value)
    (length,) = struct.unpack(">Q", frame[:8])
    assert length == len(frame) - 8
    return decode(frame[8:])


def test_plain_values_roundtrip_exactly():
    value = {"a": [1, 2.5, None, True, "s"], "t": (1, (2, 3)), "big": 2 ** 80, "nan": float("nan"),
             "inf": float("-inf"), "arr": np.arange(6, dtype=np.float64).reshape(2, 3),
             "ints": np.array([1, -2], dtype=np.int64), "bools": np.array([True, False]),
             "scalar": np.float32(1.5)}
    out = roundtrip(value)
    assert out["a"] == [1, 2.5, None, True, "s"] and out["t"] == (1, (2, 3)) and out["big"] == 2 ** 80
    assert np.isnan(out["nan"]) and out["inf"] == float("-inf")
    assert type(out["arr"]) is np.ndarray and out["arr"].dtype == np.float64
    np.testing.assert_array_equal(out["arr"], value["arr"])
    assert out["ints"].dtype == np.int64 and out["bools"].dtype == bool
    assert out["scalar"].dtype == np.float32 and out["scalar"].shape == () and out["scalar"] == 1.5


class AlwaysEqual:
    def __eq__(self, other):
        return True


class SneakyArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)


class SneakyFloat(float):
    pass


@pytest.mark.parametrize("value, words", [
    (AlwaysEqual(), "AlwaysEqual cannot be returned"),
    (np.zeros(3).view(SneakyArray), "SneakyArray cannot be returned"),
    (SneakyFloat(1.0), "SneakyFloat cannot be returned"),
    (np.array([object()], dtype=object), "numeric or bool"),
    (np.array(["a"]), "numeric or bool"),
    ({1: 2}, "dict keys must be str"),
    ([1, {"x": lambda: 0}], "function cannot be returned"),
])
def test_unsafe_values_refused_with_a_message(value, words):
    with pytest.raises(CodecError, match=words):
        encode(value)


def _frame(header: bytes, *blobs: bytes) -> bytes:
    body = MAGIC + struct.pack(">I", len(header)) + header
    for blob in blobs:
        body += struct.pack(">Q", len(blob)) + blob
    return body


def test_pickled_array_payload_is_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    for dtype in ("|O", "|O8", "<U1", "|V8", "|S1", "[('a', '<f8')]", "<c64", "<m8", "<M8[s]"):
        header = b'{"__ndarray__": [0, "' + dtype.encode() + b'", [1]]}'
        with pytest.raises(CodecError):
            decode(_frame(header, buffer.getvalue()))
    with pytest.raises(CodecError, match="do not match its shape"):
        decode(_frame(b'{"__ndarray__": [0, "<f8", [3]]}', b"\x00" * 16))


def test_raw_pickle_and_malformed_frames_are_refused():
    import pickle
    with pytest.raises(CodecError, match="bad magic"):
        decode(pickle.dumps({"score": 100}))
    with pytest.raises(CodecError, match="unknown tag"):
        decode(_frame(b'{"__reduce__": "os.system"}'))
    with pytest.raises(CodecError, match="malformed"):
        decode(_frame(b'{"__ndarray__": 0}', b"\x93NUMPY garbage"))
    with pytest.raises(CodecError, match="unknown tag"):
        decode(_frame(b'{"__ndarray__": [5, "<f8", [1]]}'))
    with pytest.raises(CodecError, match="unknown tag"):
        decode(_frame(b'{"__ndarray__": [0, "<f8", [-1]]}', b"\x00" * 8))
    with pytest.raises(CodecError):
        decode(_frame(b"[" * 100000 + b"]" * 100000))
    with pytest.raises(CodecError, match="extra data"):  # a second value smuggled after the first
        decode(_frame(b'{"__float__": "nan"}{"__reduce__": "os.system"}'))
    for empty in (b"", b" ", b"]"):
        with pytest.raises(CodecError, match="no JSON value"):
            decode(_frame(empty))

"""A SHA-256 whose state survives between requests (and processes).

A tus upload arrives in many PATCH requests, possibly served by different app
servers. `hashlib` objects cannot be saved, so the digest of the whole file would
need a second read of every byte at the end. OpenSSL's SHA256_CTX is a plain
112-byte struct: we keep it in the database after each request and carry on
from it. Without libcrypto, `ResumableSha256.available()` is False and callers
hash the finished file once instead.
"""

import ctypes
import ctypes.util
import hashlib
from functools import cache

CTX_SIZE = 112  # sizeof(SHA256_CTX): h[8], Nl, Nh, data[16], num, md_len (32-bit words)


@cache
def _libcrypto():
    name = ctypes.util.find_library("crypto")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
        for fn in (lib.SHA256_Init, lib.SHA256_Update, lib.SHA256_Final):
            fn.restype = ctypes.c_int
        lib.SHA256_Update.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    probe = ResumableSha256._with(lib)
    probe.update(b"abc")
    if probe.hexdigest() != hashlib.sha256(b"abc").hexdigest():
        return None
    return lib


class ResumableSha256:
    """`update()` bytes, `state()` to save, `ResumableSha256(state)` to go on."""

    def __init__(self, state: bytes | memoryview = b""):
        lib = _libcrypto()
        if lib is None:
            raise RuntimeError("libcrypto is not available")
        self._setup(lib, state)

    @classmethod
    def _with(cls, lib) -> "ResumableSha256":
        self = cls.__new__(cls)
        self._setup(lib, b"")
        return self

    def _setup(self, lib, state: bytes | memoryview) -> None:
        self._lib = lib
        if state:
            if len(state) != CTX_SIZE:
                raise ValueError("not a SHA-256 state")
            self._ctx = ctypes.create_string_buffer(bytes(state), CTX_SIZE)
        else:
            self._ctx = ctypes.create_string_buffer(CTX_SIZE)
            lib.SHA256_Init(self._ctx)

    @staticmethod
    def available() -> bool:
        return _libcrypto() is not None

    def update(self, data: bytes) -> None:
        self._lib.SHA256_Update(self._ctx, data, len(data))

    def state(self) -> bytes:
        return self._ctx.raw

    def hexdigest(self) -> str:
        ctx = ctypes.create_string_buffer(self._ctx.raw, CTX_SIZE)  # Final consumes the state
        out = ctypes.create_string_buffer(32)
        self._lib.SHA256_Final(out, ctx)
        return out.raw.hex()


def sha256_of_file(path, *, block: int = 1024 * 1024) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()

"""The Jupyter wire protocol, just enough of it: split, verify, build and sign messages.

Kept free of jupyter_client so that the supervisor starts fast (it imports only pyzmq).
"""

import hashlib
import hmac
import json
import uuid
from datetime import datetime, timezone

DELIM = b"<IDS|MSG>"
PROTOCOL_VERSION = "5.3"


class Message:
    """One multipart message: routing identities, the signed frames, extra buffers."""

    __slots__ = ("ids", "frames", "buffers", "_header", "_parent", "_content")

    def __init__(self, ids, frames, buffers):
        self.ids = ids          # list[bytes]: routing prefix
        self.frames = frames    # [signature, header, parent, metadata, content]
        self.buffers = buffers  # list[bytes]
        self._header = self._parent = self._content = None

    @classmethod
    def parse(cls, parts):
        """Splits raw frames; None if there is no delimiter (not a Jupyter message)."""
        try:
            i = parts.index(DELIM)
        except ValueError:
            return None
        body = parts[i + 1:]
        if len(body) < 5:
            return None
        return cls(list(parts[:i]), list(body[:5]), list(body[5:]))

    def raw(self, ids=None):
        """The frames to send, with the same or other identities in front."""
        return [*(self.ids if ids is None else ids), DELIM, *self.frames, *self.buffers]

    @property
    def header(self):
        if self._header is None:
            self._header = _loads(self.frames[1])
        return self._header

    @property
    def parent(self):
        if self._parent is None:
            self._parent = _loads(self.frames[2])
        return self._parent

    @property
    def content(self):
        if self._content is None:
            self._content = _loads(self.frames[4])
        return self._content

    @property
    def msg_id(self):
        return self.header.get("msg_id")

    @property
    def msg_type(self):
        return self.header.get("msg_type")

    @property
    def parent_id(self):
        return self.parent.get("msg_id")


def _loads(b):
    try:
        v = json.loads(b or b"{}")
    except ValueError:
        return {}
    return v if isinstance(v, dict) else {}


class Signer:
    """Signs and checks messages with the connection's key (hmac-sha256 or none)."""

    def __init__(self, key: str, scheme: str = "hmac-sha256"):
        self.key = key.encode() if isinstance(key, str) else key
        algo = scheme.split("-", 1)[1] if scheme.startswith("hmac-") else "sha256"
        self.digestmod = getattr(hashlib, algo)
        self.session = uuid.uuid4().hex

    def sign(self, frames4):
        if not self.key:
            return b""
        h = hmac.new(self.key, digestmod=self.digestmod)
        for f in frames4:
            h.update(f)
        return h.hexdigest().encode()

    def valid(self, msg: Message) -> bool:
        if not self.key:
            return True
        return hmac.compare_digest(self.sign(msg.frames[1:5]), msg.frames[0])

    def with_content(self, msg: Message, content) -> Message:
        """The same message (header, parent, metadata, identities) with other content, signed."""
        frames4 = [*msg.frames[1:4], _dumps(content)]
        return Message(msg.ids, [self.sign(frames4), *frames4], msg.buffers)

    def build(self, msg_type, content, parent=None, ids=(), metadata=None):
        """A new signed message (a reply if parent is the request's header)."""
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "kernelguard",
            "session": self.session,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": PROTOCOL_VERSION,
        }
        frames4 = [_dumps(header), _dumps(parent or {}), _dumps(metadata or {}), _dumps(content)]
        return Message(list(ids), [self.sign(frames4), *frames4], [])


def _dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, default=str).encode()


"""The peer in `npm run bench:import`: Python's standard `mailbox` module reading the same mbox
as Heron, doing the same per-message work (the bytes of each message and their SHA-256).
Prints one JSON line: { messages, bytes, ms }."""
import hashlib
import json
import mailbox
import sys
import time


def main(path):
    started = time.perf_counter()
    box = mailbox.mbox(path, create=False)
    messages = 0
    size = 0
    for key in box.iterkeys():
        data = box.get_bytes(key)
        hashlib.sha256(data).digest()
        messages += 1
        size += len(data)
    box.close()
    ms = (time.perf_counter() - started) * 1000
    print(json.dumps({"messages": messages, "bytes": size, "ms": ms}))


if __name__ == "__main__":
    main(sys.argv[1])

"""The bare client of `npm run bench:send`: Python's smtplib over one reused connection.

STARTTLS verified against the test CA, AUTH PLAIN, then MAIL/RCPT/DATA for each file of the
manifest, read from disk just before it is sent. Prints one JSON line: {messages, bytes, ms}.

    python3 send-smtplib.py <dir> <port> <user> <password> <caFile>
"""
import json
import os
import smtplib
import ssl
import sys
import time


def main() -> None:
    directory, port, user, password, ca_file = sys.argv[1:6]
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    context = ssl.create_default_context(cafile=ca_file)
    started = time.perf_counter()
    messages = 0
    total = 0
    with smtplib.SMTP("127.0.0.1", int(port), local_hostname="[127.0.0.1]", timeout=60) as smtp:
        smtp.starttls(context=context)
        smtp.ehlo("[127.0.0.1]")
        # AUTH PLAIN explicitly (login() would pick the first mechanism it likes); auth_plain reads these.
        smtp.user, smtp.password = user, password
        smtp.auth("PLAIN", smtp.auth_plain)
        for entry in manifest:
            with open(os.path.join(directory, entry["file"]), "rb") as f:
                raw = f.read()
            refused = smtp.sendmail(entry["envelope"]["from"], entry["envelope"]["to"], raw)
            if refused:
                raise SystemExit(f"{entry['file']}: recipients refused: {refused}")
            messages += 1
            total += len(raw)
    ms = (time.perf_counter() - started) * 1000
    print(json.dumps({"messages": messages, "bytes": total, "ms": ms}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""A test SMTP server: accepts mail on 127.0.0.1 and writes each message to a folder.

    python3 tests/smtp_sink.py --port N --dir OUT [--fail-first K] [--reject-rcpt-suffix S]

Answers "451 4.3.0 try again later" to the first K DATA commands, "550 5.1.1 mailbox
unavailable" to RCPT TO addresses ending in S, and accepts everything else. Each accepted
message is written to OUT as <n>.eml (temporary name, then renamed), exactly the bytes received.
Prints "ready" on stdout once listening; exits cleanly on SIGTERM or SIGINT.
Uses Debian's python3-aiosmtpd (1.4.3): run it with /usr/bin/python3.
"""

import argparse
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, fail_first, reject_suffix):
        self.folder = folder
        self.failures_left = fail_first
        self.reject_suffix = reject_suffix
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_suffix and address.lower().endswith(self.reject_suffix.lower()):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                return "451 4.3.0 try again later"
            self.count += 1
            n = self.count
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        temp = os.path.join(self.folder, ".%d.tmp" % n)
        with open(temp, "wb") as f:
            f.write(content)
        os.rename(temp, os.path.join(self.folder, "%d.eml" % n))
        return "250 OK"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject-rcpt-suffix", default="")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    controller = Controller(Sink(args.dir, args.fail_first, args.reject_rcpt_suffix),
                            hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

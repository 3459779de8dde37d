#!/usr/bin/python3
"""Attack helpers for bench/hardening.sh (loopback only, bounded in time).

  hardening_attack.py guess PORT SECONDS        50 addresses guess owner@smes.be's password while
                                                the owner signs in every 0.5 s from its own address
  hardening_attack.py slowloris PORT SECONDS N  N connections from 127.0.0.2 sending half a header,
                                                reopened when closed, for SECONDS
  hardening_attack.py probes PORT N             N ordinary requests from 127.0.0.1 (2 s timeout each)
"""
import http.client, json, socket, sys, threading, time

def login(port, address, password):
    """The answer's status, or "timeout" (nothing within 10 s) / "error"."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        body = json.dumps({"email": "owner@smes.be", "password": password})
        c.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json", "X-Forwarded-For": address})
        status = c.getresponse().status
        c.close()
        return status
    except TimeoutError:
        return "timeout"
    except OSError:
        return "error"

def guess(port, secs):
    end = time.time() + secs
    counts = {}
    lock = threading.Lock()
    def attacker(i):
        n = 0
        while time.time() < end:
            s = login(port, "127.0.9.%d" % i, "guess %d" % n)
            n += 1
            with lock:
                counts[s] = counts.get(s, 0) + 1
    threads = [threading.Thread(target=attacker, args=(i,)) for i in range(50)]
    for t in threads: t.start()
    ok = tries = 0
    while time.time() < end:
        tries += 1
        ok += login(port, "127.0.0.9", "owner passphrase for the bench 42") == 200
        time.sleep(0.5)
    for t in threads: t.join()
    print("  owner sign-ins during the attack: %d of %d succeeded" % (ok, tries))
    print("  attackers' answers: " + ", ".join("%s: %d" % kv for kv in sorted(counts.items(), key=str)))

def slowloris(port, secs, n):
    end = time.time() + secs
    socks = []
    def open_one():
        s = socket.socket()
        s.setblocking(False)
        s.bind(("127.0.0.2", 0))
        try: s.connect(("127.0.0.1", port))
        except BlockingIOError: pass
        return s
    for _ in range(n): socks.append(open_one())
    time.sleep(0.5)
    while time.time() < end:
        for i, s in enumerate(socks):
            try: s.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: b\r\n")
            except (BlockingIOError, InterruptedError): pass
            except OSError:
                s.close()
                socks[i] = open_one()
        time.sleep(1)
    for s in socks: s.close()

def probes(port, n):
    ok = 0
    for _ in range(n):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/v1/series")
            ok += c.getresponse().status == 200
            c.close()
        except OSError:
            pass
    print("  ordinary probes during slowloris: %d of %d answered 200" % (ok, n))

if __name__ == "__main__":
    what, port = sys.argv[1], int(sys.argv[2])
    if what == "guess": guess(port, float(sys.argv[3]))
    elif what == "slowloris": slowloris(port, float(sys.argv[3]), int(sys.argv[4]))
    elif what == "probes": probes(port, int(sys.argv[3]))

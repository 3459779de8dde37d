#!/usr/bin/env python3
"""The Debian package, end to end (issue 20).

Builds the package with CPack from the build folder, reads its control data, unpacks it into a
scratch root (dpkg -x), runs lintian (no error or warning), systemd-analyze verify (clean) and
systemd-analyze security --offline (exposure at most 2.0) on its units, then runs the installed
binary with the installed configuration against a temporary data folder: serve tells a
NOTIFY_SOCKET READY=1 once bound, answers /healthz and a page from the installed web root, stops
on SIGTERM; check passes; backup --into --prune writes a copy and never the key file.

usage: package_test.py BUILD_DIR
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build_package(build, out):
    r = run(["cpack", "-G", "DEB", "-B", out], cwd=build)
    check(r.returncode == 0, "cpack -G DEB builds the package")
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(1)
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    check(len(debs) == 1, "one .deb written")
    return os.path.join(out, debs[0])


def check_control(deb):
    info = run(["dpkg-deb", "-f", deb]).stdout
    depends = re.search(r"^Depends: (.*)$", info, re.M).group(1)
    for pkg in ["libsqlite3-0", "libsodium23", "libcurl4", "libssl3", "adduser", "tzdata", "wdutch", "wfrench", "wbritish"]:
        check(pkg in depends, f"Depends names {pkg}")
    ctrl = tempfile.mkdtemp(prefix="intervision-ctrl-")
    run(["dpkg-deb", "-e", deb, ctrl])
    with open(os.path.join(ctrl, "conffiles")) as f:
        listed = set(f.read().split())
    want = {f"/etc/intervision/{n}" for n in ["intervision.toml", "series.toml", "themes.toml", "feedback.toml", "common-passwords.txt"]}
    check(listed == want, f"conffiles are the four files of /etc/intervision ({sorted(listed)})")
    r = run(["sh", "-n", os.path.join(ctrl, "postinst")])
    check(r.returncode == 0, "postinst is valid sh")
    with open(os.path.join(ctrl, "postinst")) as f:
        post = f.read()
    check("adduser --system" in post and "install -d -m 0700 -o intervision" in post,
          "postinst makes the system user and /var/lib/intervision mode 0700")
    shutil.rmtree(ctrl)


def check_lintian(deb):
    r = run(["lintian", "--tag-display-limit", "0", deb])
    bad = [l for l in r.stdout.splitlines() if re.match(r"^[EW]: ", l)]
    check(not bad, "lintian reports no error and no warning" + ("".join("\n     " + l for l in bad)))


def check_units(root):
    units = os.path.join(root, "lib/systemd/system")
    ours = ["intervision.service", "intervision-backup.service", "intervision-backup.timer"]
    for u in ours:
        check(os.path.isfile(os.path.join(units, u)), f"/lib/systemd/system/{u} installed")
    # verify resolves the units' dependencies (sysinit.target, ...) and ExecStart= in the root:
    # give it the host's units beside ours, and the installed binary.
    for name in os.listdir("/lib/systemd/system"):
        src, dst = os.path.join("/lib/systemd/system", name), os.path.join(units, name)
        if not os.path.lexists(dst) and (os.path.isfile(src) or os.path.islink(src)):
            shutil.copy2(src, dst, follow_symlinks=False)
    r = run(["systemd-analyze", "verify", f"--root={root}"] + [f"lib/systemd/system/{u}" for u in ours], cwd=root)
    check(r.returncode == 0 and not (r.stdout + r.stderr).strip(),
          "systemd-analyze verify is clean" + ("" if r.returncode == 0 and not (r.stdout + r.stderr).strip() else "\n" + r.stdout + r.stderr))
    with open(os.path.join(units, "intervision.service")) as f:
        unit = f.read()
    for line in ["Type=notify", "Restart=on-failure", "ProtectSystem=strict", "ReadWritePaths=/var/lib/intervision",
                 "PrivateTmp=yes", "NoNewPrivileges=yes", "ProtectHome=yes", "CapabilityBoundingSet=\n",
                 "SystemCallFilter=@system-service"]:
        check(line in unit, f"intervision.service has {line.strip()}")
    stop = int(re.search(r"^TimeoutStopSec=(\d+)s?$", unit, re.M).group(1))
    check(stop > 25, f"TimeoutStopSec={stop}s is above the drain (read 10 s + idle 15 s)")
    nofile = int(re.search(r"^LimitNOFILE=(\d+)$", unit, re.M).group(1))
    check(nofile >= 16384, f"LimitNOFILE={nofile} is raised")
    for u in ["intervision.service", "intervision-backup.service"]:
        r = run(["systemd-analyze", "security", "--offline=true", f"--root={root}", os.path.join(units, u)])
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+) (\w+)", r.stdout)
        check(m is not None and float(m.group(1)) <= 2.0, f"systemd-analyze security: {u} exposure {m.group(1) if m else '?'} <= 2.0")
    with open(os.path.join(units, "intervision-backup.service")) as f:
        backup = f.read()
    check("backup --config /etc/intervision/intervision.toml --into /var/lib/intervision/backups --prune" in backup,
          "the backup service runs backup --into /var/lib/intervision/backups --prune")
    with open(os.path.join(units, "intervision-backup.timer")) as f:
        check("OnCalendar=daily" in f.read(), "the backup timer runs daily")


def serve_installed(root, work):
    binary = os.path.join(root, "usr/bin/intervision")
    config = os.path.join(root, "etc/intervision/intervision.toml")
    with open(config) as f:
        text = f.read()
    check('web_root = "/usr/share/intervision/web"' in text and 'data_dir = "/var/lib/intervision"' in text,
          "the installed configuration points at /usr/share/intervision/web and /var/lib/intervision")
    # The installed binary without --config reads /etc/intervision (not the working directory).
    r = run([binary, "check"], cwd=os.path.join(root, "etc/intervision"), env={"PATH": os.environ["PATH"]})
    check(r.returncode != 0 and "/etc/intervision/intervision.toml" in r.stderr,
          "without --config the installed binary reads /etc/intervision/intervision.toml")
    data = os.path.join(work, "data")
    env = dict(os.environ)
    # The scratch root's web folder stands in for /usr/share/intervision/web.
    env["INTERVISION_SERVER_WEB_ROOT"] = os.path.join(root, "usr/share/intervision/web")
    env["INTERVISION_MAIL_DIRECTORY"] = os.path.join(work, "outbox")
    notify_path = os.path.join(work, "notify")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.settimeout(30)
    env["NOTIFY_SOCKET"] = notify_path
    log = open(os.path.join(work, "serve.log"), "w+")
    server = subprocess.Popen([binary, "serve", "--config", config, "--data", data, "--port", "0",
                               "--admin-email", "coordination@example.org"],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd="/")
    try:
        ready = notify.recv(4096).decode()
        check("READY=1" in ready, "serve sends READY=1 to NOTIFY_SOCKET once bound")
        out = ""
        for _ in range(50):
            log.seek(0)
            out = log.read()
            if "serving on" in out:
                break
            time.sleep(0.1)
        m = re.search(r"serving on (http://\S+)", out)
        check(m is not None, "serve prints the address it serves on")
        check(re.search(r"First admin created: .* as coordination@example.org with the one-time password \S+", out) is not None,
              "the first admin's one-time password is printed once")
        check("admin@localhost" not in out, "no admin@localhost")
        base = m.group(1)
        with urllib.request.urlopen(base + "/healthz", timeout=10) as resp:
            check(resp.status == 200, "GET /healthz answers 200")
        with urllib.request.urlopen(base + "/", timeout=10) as resp:
            page = resp.read().decode()
            check(resp.status == 200 and "<html" in page, "GET / serves the installed page")
        st = os.stat(data)
        check(st.st_mode & 0o777 == 0o700, "the data folder is mode 0700")
        check(os.stat(os.path.join(data, "intervision.keys")).st_mode & 0o777 == 0o600, "the key file beside it is mode 0600")
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
        check(code == 0, f"serve stops on SIGTERM with exit 0 (got {code})")
        stopping = notify.recv(4096).decode()
        check("STOPPING=1" in stopping, "serve sends STOPPING=1 when it stops")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        notify.close()
    r = run([binary, "check", "--config", config, "--data", data], env=env)
    check(r.returncode == 0, "intervision check passes on the installed service" + ("" if r.returncode == 0 else "\n" + r.stdout + r.stderr))
    lines = r.stdout.strip().splitlines()
    check(all(re.match(r"^(ok  |warn|FAIL) [a-z ]+: ", l) for l in lines) and len(lines) >= 9, "check prints one line per check")
    backups = os.path.join(data, "backups")
    r = run([binary, "backup", "--config", config, "--data", data, "--into", backups, "--prune"], env=env)
    check(r.returncode == 0 and "backup written" in r.stdout, "backup --into --prune writes a copy")
    names = os.listdir(backups)
    check(len(names) == 1 and re.match(r"^intervision-\d{8}T\d{6}Z\.db$", names[0]) is not None, f"one dated copy in backups/ ({names})")
    check(not any("keys" in n for n in names), "no key file among the backups")


def main():
    build = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="intervision-package-")
    try:
        deb = build_package(build, os.path.join(work, "out"))
        check_control(deb)
        root = os.path.join(work, "root")
        subprocess.run(["dpkg", "-x", deb, root], check=True)
        for p in ["usr/bin/intervision", "usr/share/intervision/web/index.html", "etc/intervision/intervision.toml",
                  "etc/intervision/series.toml", "etc/intervision/themes.toml", "usr/share/doc/intervision/copyright"]:
            check(os.path.isfile(os.path.join(root, p)), f"/{p} installed")
        check_lintian(deb)
        check_units(root)
        serve_installed(root, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Keeps the layering of intervision: run by the build (target `layering`) and by CTest.

Rules, each checked on the tree given (default: the project root):
  1. includes    a file in layer L includes only headers of L and of the layers L may use
                 (ALLOWED below), so the graph has no cycle: net -> http -> services -> domain <- store
  2. sqlite      `SQLite::` and <SQLiteCpp/...> appear only in the store layer
  3. functions   no function in src/ longer than MAX_FUNCTION lines (signature to closing brace)
  4. files       no source file in src/ longer than MAX_FILE lines

Breaches listed in tools/layering_exceptions.txt ("path rule" per line) are tolerated while they
are being removed; a listed line that no longer breaches is itself reported, so the list only shrinks.
`--self-test` checks the checker on small made-up trees.
Exit 0 when every rule holds; otherwise 1 and one line per breach (file:line: rule: what).
"""
import argparse
import os
import re
import sys
import tempfile

# Who may include whom. app is the composition root: it wires every layer and nobody includes it.
ALLOWED = {
    "domain": set(),
    "config": {"domain"},
    "store": {"domain", "config"},
    "mail": {"domain", "config"},
    "services": {"domain", "config", "store", "mail"},
    "http": {"domain", "config", "services"},
    "net": {"domain", "config", "http"},
    "app": {"domain", "config", "store", "mail", "services", "http", "net"},
}
MAX_FUNCTION = 120
MAX_FILE = 800
SOURCE_EXT = (".h", ".hpp", ".cpp")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"intervision/([a-z_]+)/', re.M)


def layer_of(rel):
    parts = rel.split(os.sep)
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    if parts[:2] == ["include", "intervision"] and len(parts) > 3:
        return parts[2]
    return None


def sources(root):
    for top in ("src", "include"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith(SOURCE_EXT):
                    full = os.path.join(d, f)
                    yield os.path.relpath(full, root), full


def strip_code(text):
    """Comments and string/char literals blanked (newlines kept), so braces can be counted."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            k = text.find("(", i + 2)
            delim = text[i + 2:k]
            end = text.find(")" + delim + '"', k)
            end = n if end < 0 else end + len(delim) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:end - 0])[2:])
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """(name, first line, line count) of each function body at namespace or class level."""
    code = strip_code(text)
    found = []
    stack = []  # 'ns', 'class', 'fn', 'other'
    fn_start = None
    last = 0  # where the current declaration's text begins
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c in ";":
            if not any(k in ("fn", "other") for k in stack):
                last = i + 1
        elif c == "{":
            head = code[last:i]
            inside = any(k in ("fn", "other") for k in stack)
            if inside:
                stack.append("other")
            elif re.search(r"\bnamespace\b[\w:\s]*$", head) or re.search(r'extern\s+""\s*$', head):
                stack.append("ns")
                last = i + 1
            elif re.search(r"\b(class|struct|union|enum)\b[^()]*$", head):
                stack.append("class")
                last = i + 1
            elif "(" in head and "=" not in head.split("(", 1)[0]:
                name = re.findall(r"([~\w:]+)\s*\(", head)
                start_line = line - head.lstrip().count("\n")
                stack.append("fn")
                fn_start = (name[0] if name else "?", start_line)
            else:
                stack.append("other")
        elif c == "}":
            kind = stack.pop() if stack else "ns"
            if kind == "fn":
                found.append((fn_start[0], fn_start[1], line - fn_start[1] + 1))
            if not any(k in ("fn", "other") for k in stack):
                last = i + 1
    return found


def check(root):
    problems = []
    for rel, full in sources(root):
        layer = layer_of(rel)
        with open(full, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if layer is not None:
            allowed = ALLOWED.get(layer)
            if allowed is None:
                problems.append(f"{rel}:1: includes: folder '{layer}' is no known layer")
                allowed = set()
            for m in INCLUDE_RE.finditer(text):
                target = m.group(1)
                if target != layer and target not in allowed:
                    ln = text.count("\n", 0, m.start()) + 1
                    problems.append(f"{rel}:{ln}: includes: {layer} may not include {target}")
            if layer != "store":
                code = strip_code(text)
                for m in re.finditer(r"SQLite::|<SQLiteCpp/", code):
                    ln = code.count("\n", 0, m.start()) + 1
                    problems.append(f"{rel}:{ln}: sqlite: SQLite types belong to the store layer")
        if rel.startswith("src" + os.sep):
            lines = text.count("\n")
            if lines > MAX_FILE:
                problems.append(f"{rel}:1: files: {lines} lines (at most {MAX_FILE})")
            for name, start, count in functions(text):
                if count > MAX_FUNCTION:
                    problems.append(f"{rel}:{start}: functions: {name} is {count} lines (at most {MAX_FUNCTION})")
    return problems


def self_test():
    cases = {
        "src/domain/ok.cpp": '#include "intervision/domain/x.h"\nint f() {\n  return 1;\n}\n',
        "src/domain/bad.cpp": '#include "intervision/store/x.h"\n',
        "src/http/sql.cpp": "void g(SQLite::Database& db);\n",
        "src/store/sql.cpp": "void g(SQLite::Database& db);\n",
        "src/services/long.cpp": "namespace n {\nvoid long_one() {\n" + "  x();\n" * 130 + "}\n}  // namespace n\n",
        "src/services/table.cpp": "const int t[] = {\n" + "  1,\n" * 130 + "};\n",
        "src/services/strings.cpp": 'void s() {\n  auto a = "{{{";\n  auto b = R"x(})x";\n}\nvoid t() {\n}\n',
        "src/app/big.cpp": "\n" * 801,
    }
    with tempfile.TemporaryDirectory() as root:
        for rel, body in cases.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(body)
        got = check(root)
    expect = [
        ("src/domain/bad.cpp", "includes"), ("src/http/sql.cpp", "sqlite"),
        ("src/services/long.cpp", "functions"), ("src/app/big.cpp", "files"),
    ]
    ok = True
    for rel, rule in expect:
        if not any(p.startswith(rel + ":") and f": {rule}:" in p for p in got):
            print(f"self-test: expected a '{rule}' breach in {rel}", file=sys.stderr)
            ok = False
    for rel in ("src/domain/ok.cpp", "src/store/sql.cpp", "src/services/table.cpp", "src/services/strings.cpp"):
        if any(p.startswith(rel + ":") for p in got):
            print(f"self-test: unexpected breach in {rel}: {[p for p in got if p.startswith(rel)]}", file=sys.stderr)
            ok = False
    long_one = [p for p in got if p.startswith("src/services/long.cpp")]
    if long_one and "long_one is 132 lines" not in long_one[0]:
        print(f"self-test: wrong length: {long_one}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    root = os.path.abspath(args.root)
    problems = check(root)
    exceptions = set()
    listed = os.path.join(root, "tools", "layering_exceptions.txt")
    if os.path.exists(listed):
        with open(listed) as f:
            exceptions = {tuple(l.split()[:2]) for l in f if l.strip() and not l.startswith("#")}
    breached = {(p.split(":", 1)[0], p.split(": ")[1]) for p in problems}
    problems = [p for p in problems if (p.split(":", 1)[0], p.split(": ")[1]) not in exceptions]
    problems += [f"{path}:1: {rule}: listed in tools/layering_exceptions.txt but no longer breached: remove the line"
                 for path, rule in sorted(exceptions - breached)]
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} breach(es) of the layering rules", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that deploy/docker/Dockerfile's run-time image has every library the sample needs.

The run-time stage starts from debian:bookworm-slim (Debian's required packages) and installs a
short list of packages; the sample built by the build stage must find each shared library it
links in one of them, or in what they depend on. This script reads that list from the
Dockerfile, resolves the built sample's libraries (ldd) to their Debian packages (dpkg -S), and
checks each is in the closure of the list and the required packages under Depends and
Pre-Depends (dpkg's database of this machine, where they are installed: the sample was built
against them). It runs on a Debian machine, without a container engine:

    deploy/docker/check.py --sample build/samples/items
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def runtime_packages(dockerfile: Path) -> list[str]:
    """The packages the Dockerfile's last stage installs with apt-get install."""
    text = dockerfile.read_text().replace("\\\n", " ")
    last_stage = re.split(r"^FROM\s", text, flags=re.M)[-1]
    packages = []
    for line in last_stage.splitlines():
        if not line.startswith("RUN "):
            continue
        for command in re.split(r"&&|;", line[len("RUN "):]):
            words = shlex.split(command)
            if words[:2] == ["apt-get", "install"]:
                packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def required_packages() -> list[str]:
    """The installed packages of priority required: what debian:bookworm-slim has."""
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Priority} ${Essential}\n"],
                         check=True, capture_output=True, text=True).stdout
    return [fields[0] for fields in (line.split() for line in out.splitlines())
            if "required" in fields[1:] or "yes" in fields[1:]]


def installed_relations() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each installed package's dependencies (Depends, Pre-Depends; every alternative counted),
    and the installed packages that provide each virtual package: dpkg's database, which needs
    no package lists (a machine whose apt lists were cleaned has it too)."""
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package}\t${Depends}, ${Pre-Depends}\t"
                          "${Provides}\n"], check=True, capture_output=True, text=True).stdout
    depends: dict[str, set[str]] = {}
    providers: dict[str, set[str]] = {}
    name_of = re.compile(r"^\s*([^\s(:]+)")
    for line in out.splitlines():
        package, requires, provides = (line.split("\t") + ["", ""])[:3]
        depends[package] = {m.group(1) for part in re.split(r"[,|]", requires)
                            if (m := name_of.match(part))}
        for part in provides.split(","):
            if m := name_of.match(part):
                providers.setdefault(m.group(1), set()).add(package)
    return depends, providers


def closure(packages: list[str]) -> set[str]:
    """The packages and everything they depend on, as far as it is installed here."""
    depends, providers = installed_relations()
    found: set[str] = set()
    pending = list(packages)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        pending += depends.get(name, set()) | providers.get(name, set())
    return found


def library_packages(sample: Path) -> dict[str, str]:
    """Each shared library the sample loads, and the Debian package that has it."""
    out = subprocess.run(["ldd", str(sample)], check=True, capture_output=True, text=True).stdout
    owners = {}
    for line in out.splitlines():
        match = re.search(r"=>\s+(/\S+)", line)
        if not match:
            continue
        path = os.path.realpath(match.group(1))
        # Debian's merged /usr: dpkg knows a file under the name its package ships it with.
        candidates = [path, path.removeprefix("/usr"), "/usr" + path]
        owner = None
        for candidate in candidates:
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                owner = result.stdout.split(":", 1)[0].split(",")[0].strip()
                break
        owners[match.group(1)] = owner or "(no package)"
    return owners


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", required=True, type=Path, help="the built sample executable")
    parser.add_argument("--dockerfile", type=Path, default=ROOT / "deploy/docker/Dockerfile")
    args = parser.parse_args()

    listed = runtime_packages(args.dockerfile)
    if not listed:
        print(f"FAIL: no apt-get install in the last stage of {args.dockerfile}")
        return 1
    available = closure(listed + required_packages())
    missing = 0
    for library, package in library_packages(args.sample).items():
        ok = package in available
        missing += not ok
        print(f"check: {'ok  ' if ok else 'FAIL'} {library}: {package}"
              f"{'' if ok else ' is not installed by the run-time stage (' + ' '.join(listed) + ')'}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Independent JUnit reader for the reports tests.

Usage: python3 reports/tests/read_junit.py FILE
       python3 reports/tests/read_junit.py FILE FILE...

Reads FILE with junitparser (installed by scripts/test-deps) and prints JSON:
  {"name", "tests", "failures", "errors",            # <testsuites> attributes
   "totals": {"tests", "passed", "failures", "errors", "skipped"},   # counted from the cases
   "suites": [{"name", "tests", "failures", "errors", "skipped", "time", "timestamp",
               "properties": {name: value}}],
   "cases": {case name: {"classname", "suite", "time", "result", "message", "type", "text"}}}
where "result" is "passed", "failure", "error" or "skipped".
With several files (one Python start for a whole batch), prints a JSON list with one
{"file", "report"} per file that reads, or {"file", "error"} when junitparser rejects it.
Exits 3 with a one-line message when junitparser is missing.
"""
import json
import sys

try:
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
except ImportError:
    sys.stderr.write("junitparser is not installed: run scripts/test-deps\n")
    sys.exit(3)


def result_of(case):
    results = case.result
    if not results:
        return {"result": "passed", "message": None, "type": None, "text": None}
    first = results[0]
    if isinstance(first, Failure):
        kind = "failure"
    elif isinstance(first, Error):
        kind = "error"
    elif isinstance(first, Skipped):
        kind = "skipped"
    else:
        kind = type(first).__name__.lower()
    return {"result": kind, "message": first.message, "type": first.type, "text": first.text}


class DuplicateCase(Exception):
    pass


def read(path):
    xml = JUnitXml.fromfile(path)
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    out = {
        "name": xml.name,
        "tests": xml.tests,
        "failures": xml.failures,
        "errors": xml.errors,
        "totals": {"tests": 0, "passed": 0, "failures": 0, "errors": 0, "skipped": 0},
        "suites": [],
        "cases": {},
    }
    plural = {"passed": "passed", "failure": "failures", "error": "errors", "skipped": "skipped"}
    for suite in suites:
        out["suites"].append({
            "name": suite.name,
            "tests": suite.tests,
            "failures": suite.failures,
            "errors": suite.errors,
            "skipped": suite.skipped,
            "time": suite.time,
            "timestamp": suite.timestamp,
            "properties": {p.name: p.value for p in suite.properties()},
        })
        for case in suite:
            if case.name in out["cases"]:
                raise DuplicateCase("duplicate test case name: %s" % case.name)
            entry = {"classname": case.classname, "suite": suite.name, "time": case.time}
            entry.update(result_of(case))
            out["cases"][case.name] = entry
            out["totals"]["tests"] += 1
            out["totals"][plural[entry["result"]]] += 1
    return out


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: read_junit.py FILE [FILE...]\n")
        sys.exit(2)
    if len(sys.argv) == 2:
        try:
            out = read(sys.argv[1])
        except DuplicateCase as e:
            sys.stderr.write("%s\n" % e)
            sys.exit(4)
    else:
        out = []
        for path in sys.argv[1:]:
            try:
                out.append({"file": path, "report": read(path)})
            except Exception as e:  # any rejection is the test's finding, per file
                out.append({"file": path, "error": "%s: %s" % (type(e).__name__, e)})
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

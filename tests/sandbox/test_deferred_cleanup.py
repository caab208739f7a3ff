"""A judge job's reply goes ahead of its cleanup; the cleanup still precedes the next request.

The solution under test leaves a setsid'd, double-forked process and files in every
writable place; the very next request (sent back to back with the judge job, so it is
already waiting when the reply goes out) finds none of it.
"""

from __future__ import annotations

from codegym.verdict import run_tests

LEAVER = '''
import os, time

def f(x):
    for place in ("/tmp", "/dev/shm"):
        try:
            open(os.path.join(place, "left_behind"), "w").write("x")
        except OSError:
            pass
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(60)
        os._exit(0)
    return x + 1
'''
TESTS = {"test_f.py": "from solution import f\n\ndef test_f():\n    assert f(1) == 2\n"}
LOOK = """
import os
def others():
    # every process but PID 1 (the runner), the zygote and this job
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]
    return len([p for p in pids if os.path.exists(f"/proc/{p}/cmdline")]) - 1
"""
REPORT = "print(others(), os.listdir('/tmp'), os.listdir('/dev/shm'))"


def test_nothing_a_judged_solution_left_reaches_the_next_request(sandbox):
    report = run_tests(sandbox, {"solution.py": LEAVER}, TESTS)
    assert report.all_passed, report.failure_text()
    assert sandbox.run_python(LOOK + REPORT).stdout.strip() == "0 [] []"


def test_positive_control_the_look_sees_what_is_left_within_a_job(sandbox):
    sandbox.write_files({"solution.py": LEAVER})
    seen = sandbox.run_python(LOOK + "import solution, time\nsolution.f(1)\ntime.sleep(0.2)\n" + REPORT)
    count, rest = seen.stdout.strip().split(" ", 1)
    assert int(count) >= 1 and rest == "['left_behind'] ['left_behind']", seen  # the sleeper (and a zombie)

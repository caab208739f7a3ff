"""``codegym demo``: real jobs in the default sandbox, and what happened to each."""

from __future__ import annotations

import argparse

DEMO_JOBS = [
    ("hello", "print('hello from the sandbox')", 5.0),
    ("who am I", "import os; print('uid', os.getuid(), 'net', sorted(os.listdir('/sys/class/net')))", 5.0),
    ("tests", "import sys, pytest\nsys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', 'test_solution.py']))", 20.0),
    ("infinite loop", "while True:\n    pass", 1.0),
    ("memory hog", "hog = []\nwhile True:\n    hog.append(bytearray(32 << 20))", 20.0),
    ("fork bomb", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass", 2.0),
    ("escape attempt", "open('/etc/passwd', 'a').write('x')", 5.0),
    ("still healthy", "print(sum(range(10**6)))", 5.0),
]
SOLUTION = "def fizz(n):\n    return 'Fizz' if n % 3 == 0 else str(n)\n"
TESTS = "from solution import fizz\n\ndef test_three():\n    assert fizz(3) == 'Fizz'\n\ndef test_four():\n    assert fizz(4) == '4'\n"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="run real jobs in the default sandbox and print what happened")
    parser.add_argument("--backend", default="auto", help="sandbox backend (default: auto = docker)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codegym.bench.timing import render_table
    from codegym.sandbox import make_sandbox

    rows = []
    with make_sandbox(args.backend) as sb:
        print(f"sandbox: backend={sb.backend} python={sb.info.get('python')} pytest={sb.info.get('pytest')}")
        sb.write_files({"solution.py": SOLUTION, "test_solution.py": TESTS})
        for name, source, timeout in DEMO_JOBS:
            r = sb.run_python(source, timeout=timeout)
            outcome = "infra error" if r.infra_error else "oom" if r.oom else "timeout" if r.timed_out else f"exit {r.exit_code}"
            text = (r.stdout.strip().splitlines() or r.stderr.strip().splitlines() or [""])[-1][:60]
            rows.append([name, outcome, r.duration_s * 1000, text])
    print(render_table(["job", "outcome", "ms", "last line of output"], rows))
    return 0

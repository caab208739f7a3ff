"""The private report channel of Python jobs: fd 3, its own field, its own cap."""

from __future__ import annotations

import textwrap

from codegym.sandbox.base import MAX_REPORT_BYTES


def test_each_stream_lands_in_its_own_field(any_sandbox):
    job = textwrap.dedent("""
        import os, sys
        print('to-out', flush=True)
        print('to-err', file=sys.stderr)
        os.write(1, b'raw-out ')
        os.write(3, b'to-report \\xff')
        with open(3, 'w', closefd=False) as report:
            report.write(' via-file')
    """)
    result = any_sandbox.run_python(job, report_channel=True)
    assert result.ok, result
    assert result.stdout == "to-out\nraw-out "
    assert result.stderr == "to-err\n"
    assert result.report == "to-report \ufffd via-file"  # decoded with errors='replace'
    assert not result.report_truncated and not result.truncated


def test_no_fd_3_unless_asked(any_sandbox):
    probe = "import os\ntry:\n    os.fstat(3)\n    print('OPEN')\nexcept OSError as exc:\n    print(exc.errno)"
    result = any_sandbox.run_python(probe)
    assert result.stdout.strip() == "9" and result.report == ""  # EBADF


def test_programs_the_job_starts_do_not_hold_fd_3(any_sandbox):
    job = textwrap.dedent("""
        import os, subprocess, sys
        os.write(3, b'only the job')
        probe = "import os\\ntry:\\n    os.write(3, b' LEAK')\\n    print('WROTE')\\nexcept OSError as exc:\\n    print(exc.errno)"
        for close_fds in (True, False):  # subprocess's default, and even when asked to keep fds
            print(subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, close_fds=close_fds).stdout.strip())
    """)
    result = any_sandbox.run_python(job, report_channel=True)
    assert result.ok, result
    assert result.stdout.split() == ["9", "9"]
    assert result.report == "only the job"


def test_report_flood_truncated_and_flagged(sandbox):
    flood = "import os\nchunk = b'r' * (1 << 20)\nfor _ in range(9):\n    os.write(3, chunk)\nprint('done')"
    result = sandbox.run_python(flood, report_channel=True, timeout=20)
    assert result.ok and result.stdout == "done\n", result.stderr
    assert result.report_truncated and len(result.report) == MAX_REPORT_BYTES
    assert not result.truncated and not result.infra_error

"""PID 1 (the runner) ignores every signal its jobs send; jobs start with sane dispositions."""

from __future__ import annotations

import signal
import textwrap


def _status_fields(text: str) -> dict[str, str]:
    return {key: value.strip() for key, _, value in (line.partition(":") for line in text.splitlines())}


def test_signals_from_jobs_cannot_touch_pid1(sandbox):
    attack = textwrap.dedent("""
        import os, signal, subprocess, time
        sent = []
        for sig in sorted(signal.valid_signals()):
            if sig in (signal.SIGKILL, signal.SIGCHLD):
                continue
            os.kill(1, sig)
            sent.append(int(sig))
        try:
            os.killpg(1, signal.SIGTERM)
        except ProcessLookupError:
            pass
        sleeper = subprocess.Popen(['sleep', '30'])
        os.kill(-1, signal.SIGTERM)  # everyone this job may signal: the kernel skips PID 1 and us
        assert sleeper.wait() == -signal.SIGTERM
        time.sleep(0.2)
        state = [l for l in open('/proc/1/status') if l.startswith('State')][0].split()[1]
        print(len(sent), state)
    """)
    result = sandbox.run_python(attack)
    assert result.exit_code == 0, result
    count, state = result.stdout.split()
    assert int(count) > 40 and state == "S"  # SIGSTOP and SIGTSTP did not stop it
    status = _status_fields(sandbox.run(["cat", "/proc/1/status"]).stdout)
    assert status["SigCgt"] == status["SigIgn"] == "0000000000000000"  # no handler left to kill it
    again = sandbox.run_python("print(6 * 7)")
    assert again.ok and again.stdout == "42\n"
    sandbox.write_files({"a.py": "print('still serving')"})
    assert sandbox.run(["python3", "a.py"]).stdout == "still serving\n"


def test_exec_jobs_start_with_default_dispositions(any_sandbox):
    status = _status_fields(any_sandbox.run(["cat", "/proc/self/status"]).stdout)
    assert status["SigBlk"] == status["SigIgn"] == status["SigCgt"] == "0000000000000000"


def test_python_jobs_get_the_interpreters_usual_handlers(any_sandbox):
    probe = textwrap.dedent("""
        import signal
        odd = {int(s): str(signal.getsignal(s)) for s in signal.valid_signals()
               if s not in (signal.SIGKILL, signal.SIGSTOP) and signal.getsignal(s) != signal.SIG_DFL}
        print(sorted(odd.items()))
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            print('KeyboardInterrupt')
    """)
    out = any_sandbox.run_python(probe).stdout.splitlines()
    expected = {int(signal.SIGINT): str(signal.default_int_handler),
                int(signal.SIGPIPE): str(signal.SIG_IGN), int(signal.SIGXFSZ): str(signal.SIG_IGN)}
    assert out == [str(sorted(expected.items())), "KeyboardInterrupt"]
    assert any_sandbox.run_python("import os, signal; os.kill(os.getpid(), signal.SIGTERM)").exit_code == -signal.SIGTERM


def test_job_ignoring_its_stdin_does_not_break_the_runner(any_sandbox):
    result = any_sandbox.run(["true"], stdin="x" * (1 << 20))  # the runner's writes hit a closed pipe
    assert result.exit_code == 0 and not result.infra_error, result.infra_message
    assert any_sandbox.run_python("print('alive')").stdout == "alive\n"

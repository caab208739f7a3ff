"""Judge jobs name their source by SHA-256 once the runner keeps it; a fresh runner gets it again."""

from __future__ import annotations

from codegym.verdict import run_tests

TESTS = {"test_a.py": "from solution import f\n\ndef test_a():\n    assert f(2) == 3\n"}
SOLUTION = {"solution.py": "def f(x):\n    return x + 1\n"}


def _spy(sandbox) -> list[dict]:
    """Every request the sandbox sends from now on."""
    sent: list[dict] = []
    client = sandbox._client
    request_many = client.request_many

    def recording(messages):
        sent.extend(messages)
        return request_many(messages)
    client.request_many = recording
    return sent


def test_the_second_judge_job_sends_only_the_reference_with_the_same_report(sandbox):
    sent = _spy(sandbox)
    first = run_tests(sandbox, SOLUTION, TESTS)
    second = run_tests(sandbox, SOLUTION, TESTS)
    jobs = [m for m in sent if m["op"] == "python"]
    assert "source" in jobs[0] and "source_sha256" not in jobs[0]
    assert "source" not in jobs[1] and len(jobs[1]["source_sha256"]) == 64
    assert first.outcomes == second.outcomes and second.all_passed


def test_untrusted_jobs_always_send_their_source(sandbox):
    sent = _spy(sandbox)
    for _ in range(2):
        assert sandbox.run_python("print(7)").stdout == "7\n"
    assert all("source" in m for m in sent if m["op"] == "python")


def test_a_replaced_runner_is_sent_the_source_again(sandbox):
    run_tests(sandbox, SOLUTION, TESTS)
    old = sandbox.container_id
    sandbox._checked({"op": "taint"})
    sandbox.reset()  # unclean: a fresh container, which keeps no source yet
    assert sandbox.container_id != old
    sent = _spy(sandbox)
    report = run_tests(sandbox, SOLUTION, TESTS)
    assert report.all_passed, report.failure_text()
    jobs = [m for m in sent if m["op"] == "python"]
    assert "source_sha256" in jobs[0] and "source" in jobs[-1]  # named first, refused, then sent

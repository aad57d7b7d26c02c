# The corpus programs are plain scripts run by tests/engine/test_differential.py, not tests.
collect_ignore_glob = ["p*.py"]

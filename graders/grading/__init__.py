"""Grading many submissions: sandboxed child processes, points, reports."""

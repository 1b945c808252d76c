"""What a call into a worker can raise besides the candidate's own exceptions.

The grader reads a kata's verdict from these classes (graders/grading/grade.py), never from
the words of a message, which the candidate could choose.
"""
from __future__ import annotations


class RefusedValue(Exception):
    """The candidate returned (or raised with) something the codec refuses."""


class WorkerDied(Exception):
    """The worker exited, crashed or was killed in the middle of a request."""


class WorkerTimeout(WorkerDied):
    """The worker did not answer in time and was killed."""


class Tampering(Exception):
    """The worker's reply breaks the protocol: something in it wrote on the grader's channel."""


class CandidateRaised(Exception):
    """The candidate raised SystemExit, KeyboardInterrupt or GeneratorExit: a failure here."""

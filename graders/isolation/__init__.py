"""Candidate code in a worker process behind walls; values cross through a safe codec."""

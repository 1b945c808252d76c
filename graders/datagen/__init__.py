"""Deterministic data generators shared by a kata's visible and hidden tests (one module per kata)."""

"""The dmls-katas harness: loads the implementation under test, runs its tests, grades.

Test files ask for their kata in one line and never import ``exercises`` directly::

    from graders import kata
    huffman = kata("formats.huffman")

Which folder the module comes from is chosen by ``pytest --impl exercises|solutions|PATH``.
"""
from graders.impl import kata

__all__ = ["kata"]

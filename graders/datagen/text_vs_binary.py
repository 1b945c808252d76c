"""Protobuf message classes built at run time: the oracle for formats.text_vs_binary.

There is no protoc here, so the .proto file is written as a FileDescriptorProto and the
class comes from message_factory. proto2 `optional` fields have explicit presence: a field
set to 0 is still written (proto3 would drop it), so bytes compare one-to-one with
encode_field.
"""
from __future__ import annotations

import functools

KINDS = ("int32", "int64", "uint32", "uint64", "sint32", "sint64")

# The default message: one field per kind, numbered 1..6 in KINDS order.
NUMBERS = tuple((number, kind) for number, kind in enumerate(KINDS, start=1))


@functools.lru_cache(maxsize=None)
def message_class(fields: tuple[tuple[int, str], ...] = NUMBERS):
    """A message class with an optional field `f<number>` of each (number, kind)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    types = {kind: getattr(F, f"TYPE_{kind.upper()}") for kind in KINDS}
    proto = descriptor_pb2.FileDescriptorProto(
        name=f"katas_text_vs_binary_{abs(hash(fields))}.proto", package="katas", syntax="proto2"
    )
    message = proto.message_type.add(name="Numbers")
    for number, kind in fields:
        message.field.add(name=f"f{number}", number=number, type=types[kind], label=F.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()  # a private pool: no clash with other tests' files
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("katas.Numbers"))


def serialize(fields: tuple[tuple[int, str], ...], values: dict[int, int]) -> bytes:
    """protobuf's own bytes for a message whose field `number` holds values[number]."""
    cls = message_class(fields)
    return cls(**{f"f{number}": value for number, value in values.items()}).SerializeToString()


def parse(fields: tuple[tuple[int, str], ...], data: bytes) -> dict[int, int]:
    """protobuf's own parse of `data`: {field number: value} for the fields present."""
    msg = message_class(fields)()
    msg.ParseFromString(data)
    return {number: getattr(msg, f"f{number}") for number, _ in fields if msg.HasField(f"f{number}")}

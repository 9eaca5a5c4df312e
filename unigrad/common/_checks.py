"""Argument checks shared by ops and nn layers, with MindSpore's wording."""
from __future__ import annotations

from typing import Any, Sequence


def check_bools(owner: str, **flags: Any) -> None:
    """TypeError naming the first of ``flags`` that is not a bool (MindSpore refuses 1 for True)."""
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"For '{owner}', the '{name}' must be bool, but got {type(value).__name__}")


def check_positive_int(name: str, value: Any, owner: str | None = None) -> int:
    """``value`` when it is an int above 0, else MindSpore's validator errors: TypeError for a bool or a non-int,
    ValueError for one below 1 (``owner``: the class named in the message, as some of MindSpore's name it)."""
    return check_number(name, value, int, ">", 0, owner)


_RELATIONS = {">": lambda v, b: v > b, ">=": lambda v, b: v >= b, "=": lambda v, b: v == b}


def check_number(name: str, value: Any, kind: type, rel: str, bound: Any, owner: str | None = None) -> Any:
    """``value`` when it is a ``kind`` (int or float, never a bool) standing in relation ``rel`` ('>', '>=',
    '=') to ``bound``, else the error MindSpore's validator gives, in its words: ValueError for a number out
    of range (TypeError for a bool), TypeError for another type."""
    prefix = f"For '{owner}', the" if owner else "The"
    if isinstance(value, bool) or (isinstance(value, (int, float)) and not _RELATIONS[rel](value, bound)):
        error = TypeError if isinstance(value, bool) else ValueError
        raise error(f"{prefix} '{name}' must be {kind.__name__} and must {rel} {bound}, but got '{value}' with type "
                    f"'{type(value).__name__}'.")
    if not isinstance(value, kind):
        raise TypeError(f"{prefix} '{name}' must be {kind.__name__}, but got '{type(value).__name__}'")
    return value


def check_bool(name: str, value: Any, owner: str) -> bool:
    """MindSpore's ``Validator.check_bool``: 1 is not True."""
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', the '{name}' must be a bool, but got {type(value).__name__}.")
    return value


def check_type(name: str, value: Any, types: tuple[type, ...], owner: str | None = None) -> Any:
    """MindSpore's ``Validator.check_value_type``: ``value`` is an instance of one of ``types`` (a bool is no
    int), else TypeError naming them."""
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
        return value
    prefix = f"For '{owner}', the" if owner else "The"
    names = f"'{types[0].__name__}'" if len(types) == 1 else f"one of '{[t.__name__ for t in types]}'"
    raise TypeError(f"{prefix} type of '{name}' should be {names}, but got type '{type(value).__name__}'.")


def check_string(name: str, value: Any, allowed: Sequence[str], owner: str) -> str:
    """MindSpore's ``Validator.check_string``: one of ``allowed``, case and all."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"For '{owner}', the '{name}' must be str and must be in '{list(allowed)}', but got "
                         f"'{value}'.")
    return value


def int_pair(owner: str, name: str, value: Any, minimum: int = 1,
             malformed: type[Exception] = ValueError) -> tuple[int, int]:
    """A window's size, step or dilation (``minimum`` 1) or its padding (0) as (height, width): an int or
    a tuple of two ints, each at least ``minimum``.

    MindSpore's types: TypeError when the argument is neither an int nor a tuple (a list, str, float or
    bool); ValueError for a value below ``minimum``; ``malformed`` for a tuple of another length or
    holding a non-int (ValueError in its ops and pooling layers, TypeError in nn.Conv2d)."""
    if type(value) is int and value >= minimum:  # the common cases first: they run on every conv and pooling call
        return (value, value)
    if (type(value) is tuple and len(value) == 2 and type(value[0]) is int and type(value[1]) is int
            and value[0] >= minimum and value[1] >= minimum):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, tuple)):
        raise TypeError(f"For '{owner}', the type of '{name}' should be one of ['int', 'tuple'], but got type "
                        f"'{type(value).__name__}'")
    pair = (value, value) if isinstance(value, int) else value
    if len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
        raise malformed(f"For '{owner}', the '{name}' must be an int or a tuple of two ints, but got {value!r}")
    if pair[0] < minimum or pair[1] < minimum:
        raise ValueError(f"For '{owner}', the '{name}' must be an int of at least {minimum} or a tuple of two of "
                         f"them, but got {value!r}")
    return (int(pair[0]), int(pair[1]))

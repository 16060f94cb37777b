"""The count of wrapped lines (ledger.xlsx.wrapped_lines) counts a line of 10 pt text
instead of walking it character by character; it must give the walk's count for every
text, width and size, or a row's height would change."""

import random
import re
import unicodedata

import pytest

from ledger import xlsx

ALPHABET = "保家镇生猪养殖场冷链（），；：、“”—·□☑…　 \t" + "abcXYZ0123456789-=+@()/.é" + "\x01\u303f\uff61"


def walk(text: str, width: float, font_size: float = 10) -> int:
    """The count as first written: one token at a time."""

    def units(t: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in t)

    scale = font_size / 10
    room = max(width - 1.0, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for token in re.findall(r"[!-~]+|\s|.", paragraph):
            size = units(token) * scale
            if used + size <= room or (token.isspace() and used > 0):
                used += size
                continue
            if size <= room:
                lines += 1
                used = size
                continue
            for ch in token:
                w = units(ch) * scale
                if used + w > room and used > 0:
                    lines += 1
                    used = 0.0
                used += w
    return lines


@pytest.mark.parametrize("seed", range(4))
def test_the_count_is_the_walks_count(seed):
    rng = random.Random(seed)
    for _ in range(3000):
        n = rng.choice([0, 1, 3, 8, 20, 60, 200])
        text = "".join(rng.choice(ALPHABET + "\n" * (rng.random() < 0.2)) for _ in range(n))
        width = rng.choice([1, 2, 2.5, 3, 5, 6, 9, 11, 14, 16, 22, 26, 30, 74, 74.5])
        size = rng.choice([10, 10, 10, 12, 15, 16])
        assert xlsx.wrapped_lines(text, width, size) == walk(text, width, size), (text, width, size)
        assert xlsx.wrapped_lines(text, width, size) == walk(text, width, size)  # remembered


def test_every_character_counted_as_wide_is_two_units():
    ranges = re.findall(r"(.)(?:-(.))?", xlsx.WIDE_CHARS)
    for first, last in ranges:
        for code in range(ord(first), ord(last or first) + 1):
            ch = chr(code)
            assert xlsx.char_units(ch) == 2 and not ch.isspace(), hex(code)

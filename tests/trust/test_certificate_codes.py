"""Verification codes: random, unique, human-typable, and a typo reads malformed, not unknown."""

from __future__ import annotations

import random
import re

import pytest

from koltrust.errors import ValidationFailed
from koltrust.trust.certificate_codes import (
    ALPHABET,
    CODE_LENGTH,
    EXAMPLE,
    check_character,
    is_valid_body,
    new_code,
    parse_code,
)

SHAPE = re.compile(r"^KT-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def _body(code: str) -> str:
    return code.replace("-", "")[2:]


def test_new_codes_have_the_published_shape_and_check_out() -> None:
    codes = [new_code() for _ in range(2_000)]

    assert all(SHAPE.match(code) for code in codes)
    assert all(len(code) == CODE_LENGTH == 14 for code in codes)
    assert all(parse_code(code) == code for code in codes)
    assert parse_code(EXAMPLE) == EXAMPLE


def test_twenty_thousand_codes_are_all_different() -> None:
    assert len({new_code() for _ in range(20_000)}) == 20_000


def test_codes_use_every_character_of_the_alphabet_evenly() -> None:
    # 45 random bits a code: the random characters are uniform over the 32 symbols
    counts = dict.fromkeys(ALPHABET, 0)
    for _ in range(4_000):
        for char in _body(new_code())[:-1]:
            counts[char] += 1
    expected = 4_000 * 9 / 32
    assert all(0.8 * expected < n < 1.2 * expected for n in counts.values())


@pytest.mark.parametrize(
    "typed",
    [
        "kt-7qf3m-2xw96",
        "KT 7QF3M 2XW96",
        "7QF3M2XW96",
        " kt7qf3m-2xw96 ",
        "KT–7QF3M–2XW96",  # en dashes pasted from a document
    ],
)
def test_what_people_type_is_read_as_the_code(typed: str) -> None:
    assert parse_code(typed) == EXAMPLE


def test_letters_that_look_like_digits_are_read_as_digits() -> None:
    body = "10011" + "02XW"
    code = f"KT-{body[:5]}-{body[5:]}{check_character(body)}"

    assert parse_code(code.replace("1", "I", 1).replace("0", "O", 1).replace("1", "l", 1)) == code


def test_every_single_mistyped_character_and_almost_every_neighbour_swap_is_caught() -> None:
    rng = random.Random(6)
    for _ in range(200):
        body = "".join(rng.choice(ALPHABET) for _ in range(9))
        body += check_character(body)
        assert is_valid_body(body)
        for i in range(len(body)):
            for char in ALPHABET:
                if char != body[i]:
                    assert not is_valid_body(body[:i] + char + body[i + 1 :])
        for i in range(len(body) - 1):
            # Luhn mod N's one blind spot: swapping the first and last symbols (0 and Z)
            if body[i] != body[i + 1] and {body[i], body[i + 1]} != {"0", "Z"}:
                assert not is_valid_body(body[:i] + body[i + 1] + body[i] + body[i + 2 :])


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "10 letters or digits"),
        ("KT-7QF3M-2XW9", "10 letters or digits"),
        ("KT-7QF3M-2XW966", "10 letters or digits"),
        ("KT-7QF3M-2XU96", "10 letters or digits"),  # U is not in the alphabet
        ("KT-7QF3M-2XW97", "check character"),
        ("KT-Q7F3M-2XW96", "check character"),
        ("<script>", "10 letters or digits"),
    ],
)
def test_text_that_cannot_be_a_code_is_refused_saying_why(typed: str, says: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_code(typed)

    assert refused.value.status == 422
    assert refused.value.data["field"] == "code"
    assert says in refused.value.detail
    assert EXAMPLE in refused.value.detail

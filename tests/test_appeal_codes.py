"""The appeal access code: an alphabet without look-alikes, enough randomness, and forgiving parsing."""

import pytest

from app.appeals import codes


def test_the_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31


def test_a_code_has_at_least_50_bits_in_at_most_12_characters():
    assert codes.LENGTH <= 12 and codes.BITS >= 50


def test_new_codes_use_only_the_alphabet_and_differ():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    assert all(len(c) == codes.LENGTH and set(c) <= set(codes.ALPHABET) for c in made)


def test_a_code_is_shown_in_groups():
    assert codes.grouped("K7QM4TXP9RB") == "K7QM-4TXP-9RB"


@pytest.mark.parametrize("typed", ["K7QM-4TXP-9RB", "k7qm4txp9rb", " k7qm 4txp 9rb ", "K7QM – 4TXP – 9RB",
                                   "k7q-m4t-xp9-rb", "K7QM\t4TXP\n9RB"])
def test_any_case_and_any_grouping_reads_as_the_same_code(typed):
    assert codes.normalize(typed) == "K7QM4TXP9RB"


@pytest.mark.parametrize("typed", ["", None, "K7QM-4TXP-9R", "K7QM-4TXP-9RBB", "K7QM-4TXP-9R0", "K7QM-4TXP-9RO",
                                   "K7QM-4TXP-9R!"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert codes.normalize(typed) is None


def test_only_the_right_code_for_the_right_number_matches():
    stored = codes.hash_code("K7QM4TXP9RB", "DIL-2026-000123")
    assert "K7QM" not in stored
    assert codes.matches("k7qm 4txp 9rb", "DIL-2026-000123", stored)
    assert not codes.matches("K7QM-4TXP-9RC", "DIL-2026-000123", stored)
    assert not codes.matches("K7QM-4TXP-9RB", "DIL-2026-000124", stored)  # salted by the number


def test_an_older_long_secret_still_matches_exactly():
    stored = codes.hash_legacy_secret("aB3_xYz-0123456789abcdefghijKLmn")
    assert codes.matches(" aB3_xYz-0123456789abcdefghijKLmn ", "DIL-2026-000001", stored)
    assert not codes.matches("ab3_xyz-0123456789abcdefghijklmn", "DIL-2026-000001", stored)

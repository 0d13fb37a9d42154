"""The bounded memo of pure functions of short text returns what the function returns, and stays small."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from agent.memo import CardMemo, remembered


def test_a_remembered_function_answers_as_the_function_and_keeps_at_most_maxsize_texts():
    calls: list[str] = []

    @remembered(maxsize=3, max_chars=10)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout(t) for t in ("a", "b", "a")] == ["A", "B", "A"]
    assert calls == ["a", "b"]  # the second "a" was remembered
    for n in range(50):
        assert shout(f"t{n}") == f"T{n}"
    assert shout.cache_info().currsize == 3  # type: ignore[attr-defined]


def test_a_text_over_max_chars_is_computed_afresh_and_never_kept():
    @remembered(maxsize=8, max_chars=5)
    def size(text: str) -> int:
        return len(text)

    assert size("x" * 100) == 100 and size("x" * 100) == 100
    assert size.cache_info().currsize == 0  # type: ignore[attr-defined]


def test_a_card_memo_answers_as_the_function_and_keeps_within_its_characters():
    calls: list[str] = []

    def walk(text: str) -> tuple[str, ...]:
        calls.append(text)
        return tuple(text.split())

    memo = CardMemo(walk, len, max_chars=100, max_entries=8)
    assert memo("a b") == ("a", "b") and memo("a b") == ("a", "b")
    assert calls == ["a b"]  # the second call was remembered
    for n in range(200):
        text = f"card {n} " + "x" * (n % 20)
        assert memo(text) == tuple(text.split())
        assert memo.chars <= 100 and len(memo) <= 8
    assert memo.chars == sum(len(k) for k in memo._kept)


def test_a_card_memo_keeps_no_card_over_a_quarter_of_its_characters_and_no_failure():
    memo = CardMemo(lambda text: len(text) // (len(text) - 3), len, max_chars=40, max_entries=8)
    assert memo("x" * 11) == 1 and len(memo) == 0  # 11 > 40 // 4: computed, not kept
    with pytest.raises(ZeroDivisionError):
        memo("abc")  # raises: nothing is kept for it
    assert len(memo) == 0 and memo("abcd") == 4 and len(memo) == 1


def test_a_card_memo_serves_threads_at_once():
    memo = CardMemo(lambda text: text.upper(), len, max_chars=10_000, max_entries=64)
    texts = [f"card {n % 97}" for n in range(3000)]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(memo, texts)) == [t.upper() for t in texts]
    assert len(memo) <= 64 and memo.chars == sum(len(k) for k in memo._kept)

"""The bounded memo of pure functions of short text returns what the function returns, and stays small."""

from __future__ import annotations

from agent.memo import remembered


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

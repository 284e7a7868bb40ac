"""The gates read Markdown as plain text, line for line (gates.plain_text), so findings name the source line."""
from __future__ import annotations


def test_plain_text_in_one_pass_is_the_line_by_line_reading():
    """plain_text runs its marks pattern once over the whole body; it must equal a pass per line
    (the reading findings' line numbers rely on), for any mix of marks, spaces and line ends."""
    import random
    import re as regex

    from sitegen.checks.gates import _LINK, _link_text, plain_text

    per_line = regex.compile(r"(^|\s)[#>*+-]+\s|[*_`|]")

    def line_by_line(markdown: str) -> str:
        text = _LINK.sub(_link_text, markdown)
        lines = [per_line.sub(r"\1", line).strip() for line in text.split("\n")]
        return "\n".join("" if set(line) <= set("-: ") else line for line in lines)

    alphabet = list("ab -*#>+_`|\n\t\r\x0b\x0c\u00a0\u2028:[]()!x")
    rnd = random.Random(7)
    samples = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(20000)]
    samples += ["# Overskrift\n- punkt *fed*\n> citat\n---\n| a | b |\n|---|:-:|\n[link](x) og ![billede](y.png)"]
    for sample in samples:
        assert plain_text(sample) == line_by_line(sample), repr(sample)
        assert plain_text(sample).count("\n") == sample.count("\n")  # line numbers hold


def test_a_link_over_two_lines_keeps_the_lines_after_it():
    from sitegen.checks.gates import plain_text

    assert plain_text("Se [teksten](https://eksempel.dk/\nlang) her.\nNæste linje") == "Se teksten\nher.\nNæste linje"  # "her." stands on line 2 of the source

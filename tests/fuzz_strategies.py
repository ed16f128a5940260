"""Generators of hostile Markdown shared by tests/test_fuzz_props.py (a fixed small budget in
CI) and scripts/fuzz.py (the long mode): Markdown structure, front matter with every kind of
line break, the separators the language server must not split on, and runs of punctuation."""

from __future__ import annotations

from hypothesis import strategies as st

BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0c", "\x0b", "\x1c"]
PIECES = [
    "# Title\n", "## Root cause\n", "## Timeline\n", "## Action items\n", "### Detail\n", "Heading\n===\n",
    "- ", "1. ", "  - ", "> ", ">> ", "| a | b |\n|---|---|\n| c | d |\n", "```\nBob forgot the step.\n```\n",
    "    indented code\n", "`x`", "<!-- blamelint-disable BL101 -->", "<!-- blamelint-enable -->",
    "<!-- blamelint-disable-next-line -->\n", "<div>Bob was careless.</div>\n", "**", "_", "[link](http://e.x/y)",
    "Bob forgot to run the migration.", "We should have caught this.", "This was caused by human error.",
    "The node probably ran out of memory.", "The reviewer was sloppy.", "Ana paged the on-call at 14:02.",
    "TBD", "🚀", "é", "日本", "\u200b", "\ud800", "---\n", "\t", "  ",
]
PUNCTUATION = st.sampled_from(list("!?=.-_*#|>([{<'\"`~^:;,/\\")).flatmap(
    lambda char: st.integers(1, 300).map(lambda n: char * n))
FRONT_MATTER = st.lists(st.sampled_from(["a: 1", "title: x", "b: [1, 2]", "c: {d: e}", "ignore", "- x", "&a y", "*a"]),
                        max_size=4).flatmap(
    lambda lines: st.lists(st.sampled_from(BREAKS), min_size=len(lines), max_size=len(lines)).map(
        lambda breaks: "---\n" + "".join(line + brk for line, brk in zip(lines, breaks)) + "---\n"))
BODY = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(BREAKS), PUNCTUATION, st.text(max_size=12)),
                max_size=30).map("".join)
DOCUMENTS = st.tuples(st.one_of(st.just(""), FRONT_MATTER), BODY).map("".join)

"""Same-length masking (masking.mask_inline): each pattern runs only where the text holds a
character its matches need; the result must be what running every pattern gives."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from blamelint import masking

_MARKUP = "ab `*_~[]()!<>-:/^h\n\rtps.x"


def _every_pattern(text: str) -> str:
    """mask_inline as specified: every pattern, in its order, on every text."""
    chars = list(text)
    for match in masking._CODE_SPAN.finditer(text):
        ticks = len(match.group(1))
        chars[match.start():match.start() + ticks] = " " * ticks
        chars[match.start(2):match.end(2)] = "x" * (match.end(2) - match.start(2))
        chars[match.end() - ticks:match.end()] = " " * ticks
    masked = "".join(chars)
    for pattern in (masking._HTML_COMMENT, masking._IMAGE, masking._FOOTNOTE_REF, masking._AUTOLINK):
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    masked = masking._LINK.sub(masking._mask_link, masked)
    masked = masking._BARE_URL.sub(lambda m: "x" * len(m.group(0)), masked)
    masked = masking._HTML_TAG.sub(lambda m: " " * len(m.group(0)), masked)
    masked = masking._EMPHASIS.sub(lambda m: " " * len(m.group(0)), masked)
    return re.sub(r"[\r\n]", " ", masked)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MARKUP, max_size=60))
def test_skipping_a_pattern_whose_characters_are_absent_changes_nothing(text):
    assert masking.mask_inline(text) == _every_pattern(text)


def test_written_markup_is_masked_as_every_pattern_masks_it():
    samples = ["We ran `kubectl drain` on **all** nodes.", "See [the graph](https://example.com/g) <!-- note -->",
               "Owner: <b>ops</b>, ticket [^1] and ![img](a.png)", "plain prose, no markup at all",
               "snake_case_name and _emphasis_ and ~~struck~~", "line one\nline two\r\n", "http://x.y/z, then.",
               "<https://example.com> or <mailto:a@b.c>", "``code with ` tick``", ""]
    rng = random.Random(7)
    samples += ["".join(rng.choice(_MARKUP) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in samples:
        masked = masking.mask_inline(text)
        assert masked == _every_pattern(text) and len(masked) == len(text), text

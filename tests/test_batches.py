"""Files linted in batches (parallel.lint_batch, engine.Linter.warm): the sentences of several
files are parsed in one stream, and each file's findings are the ones it gets alone."""

from __future__ import annotations

import itertools
import random

import pytest

from blamelint import budget, engine, parallel
from blamelint.config import Config
from blamelint.errors import InputError
from conftest import SESSION

# Names from many languages: the parse of one file must not move with its batch-mates, whoever
# they name.
_NAMES = ["Kenji", "Aroha", "Oluwaseun", "Siobhán", "Dmitri", "Priya", "Nguyễn Văn An", "Björn", "Fatima", "Mateo"]
_SENTENCES = [
    "{name} forgot to run the migration before the deploy.",
    "The on-call engineer should have checked the dashboard.",
    "The cache was probably stale when the job started.",
    "{name} paged the database team at 14:02.",
    "It was a careless mistake by the reviewer.",
    "Latency rose to 900 ms (see the graph).",
]


def _postmortem(seed: int) -> str:
    """A small postmortem of our own, different for each seed."""
    pick = random.Random(seed)
    prose = " ".join(pick.choice(_SENTENCES).format(name=pick.choice(_NAMES)) for _ in range(pick.randint(2, 6)))
    cause = pick.choice(_SENTENCES).format(name=pick.choice(_NAMES))
    return f"# Incident {seed}\n\n## Summary\n\n{prose}\n\n## Root cause\n\n{cause}\n"


def _fresh_linter() -> engine.Linter:
    """A Linter with no parse kept yet (the suite's shared one keeps every parse it made)."""
    return engine.Linter(SESSION.linter().ruleset)


TEXTS = [_postmortem(seed) for seed in range(8)]


def _works(indices, config: Config | None = None) -> list[parallel.Work]:
    """The Work of each generated postmortem TEXTS[i], named after i."""
    config = config or Config()
    return [parallel.Work(TEXTS[i], f"pm{i}.md", config) for i in indices]


@pytest.fixture(scope="module")
def alone() -> list:
    """Each file's findings, linted on its own by a Linter that has parsed nothing else."""
    return [parallel.lint_one(_fresh_linter(), work) for work in _works(range(len(TEXTS)))]


def test_a_batch_gives_each_file_the_findings_it_gets_alone(alone):
    assert any(alone), "the generated postmortems should give findings"
    assert parallel.lint_batch(_fresh_linter(), _works(range(len(TEXTS)))) == alone


@pytest.mark.parametrize("seed", [1, 2])
def test_the_findings_do_not_move_with_the_order_or_the_company_of_a_file(alone, seed):
    order = list(range(len(TEXTS)))
    random.Random(seed).shuffle(order)
    linter = _fresh_linter()
    for first, second in itertools.pairwise([order[:3], order[3:]]):  # two batches of different files
        for batch in (first, second):
            found = parallel.lint_batch(linter, _works(batch))
            assert found == [alone[i] for i in batch]


def test_the_sentences_of_a_batch_go_to_the_parser_together(monkeypatch):
    calls = []
    real = engine.parse_pieces
    monkeypatch.setattr(engine, "parse_pieces", lambda nlp, requests, *rest, **named: calls.append(
        {text for text, _, _ in requests}) or real(nlp, requests, *rest, **named))
    linter = _fresh_linter()
    works = _works(range(4))
    parallel.lint_batch(linter, works)
    documents = [parallel.made_ahead(work)[0] for work in works]
    blocks_of = [{block.text for block in document.blocks} for document in documents]
    first = calls[0]
    assert all(first & blocks for blocks in blocks_of), "the first parse should hold sentences of every file"
    # what follows is only rewordings being checked (their own re-parse), never a file's own sentences
    assert not any(call & first for call in calls[1:])
    assert linter._plans == {}  # each plan was taken by the lint it was made for


def test_a_plan_made_for_another_config_is_not_used():
    linter = _fresh_linter()
    text = "# X\n\n## Root cause\n\nAroha forgot to rotate the key, and it was a careless slip.\n"
    document = parallel.made_ahead(parallel.Work(text, "x.md", Config()))[0]
    linter.warm([(document, Config(ignore=("BL101",)))])  # planned without the rule that finds "forgot"
    found = linter.lint_document(document, Config())
    assert "BL101" in {finding.rule for finding in found}
    assert found == _fresh_linter().lint_text(text, "x.md", Config())


def test_a_file_too_long_to_parse_ahead_is_linted_on_its_own_budget(monkeypatch):
    """A file over WARM_MAX_TOKENS is not parsed ahead: its parse budget is spent in its own lint,
    which stops it with its error while the other files of the batch get their findings."""
    monkeypatch.setattr(engine, "WARM_MAX_TOKENS", 40)
    monkeypatch.setattr(budget, "MAX_PARSED_TOKENS", 60)
    long = "# Long\n\n" + "\n\n".join(f"Kenji forgot to rotate key number {n} before the deploy." for n in range(20)) + "\n"
    works = _works([0, 1, 2])
    works[1] = works[1]._replace(text=long)
    outcomes = parallel.lint_batch(_fresh_linter(), works)
    assert isinstance(outcomes[1], InputError) and "parse budget" in str(outcomes[1])
    assert outcomes[0] == parallel.lint_one(_fresh_linter(), works[0])
    assert outcomes[2] == parallel.lint_one(_fresh_linter(), works[2])


def test_a_file_that_cannot_be_read_fails_alone_in_its_batch(monkeypatch):
    from blamelint import document as document_module

    real = document_module.parse_document

    def refusing(text, path, vocabulary):
        if path == "pm1.md":
            raise InputError("cannot read this one", path)
        return real(text, path, vocabulary)

    monkeypatch.setattr(document_module, "parse_document", refusing)
    outcomes = parallel.lint_batch(_fresh_linter(), _works(range(3)))
    assert isinstance(outcomes[1], InputError)
    assert not isinstance(outcomes[0], InputError) and not isinstance(outcomes[2], InputError)


@pytest.mark.parametrize("processes", [None, 1, 2, 4])
def test_batches_keep_the_order_and_stay_within_their_words(processes):
    pick = random.Random(processes or 0)
    words = [pick.choice([50, 300, 700, 2_000, 9_000]) for _ in range(60)]
    order = sorted(range(len(words)), key=lambda i: -words[i])
    made = parallel.batches(order, words, processes)
    assert [i for batch in made for i in batch] == order
    assert all(len(batch) == 1 or sum(words[i] for i in batch) <= parallel.BATCH_WORDS for batch in made)
    if processes is None:  # one process: batches are as full as they can be
        assert all(sum(words[i] for i in made[n] + [made[n + 1][0]]) > parallel.BATCH_WORDS for n in range(len(made) - 1))
    else:  # shared: the last batches are a small share of the work
        total = sum(words)
        assert sum(words[i] for i in made[-1]) <= max(total // (2 * processes), max(words[i] for i in made[-1]))
        assert len(made[-1]) == 1 or sum(words[i] for i in made[-1]) < sum(words[i] for i in made[0])


def test_a_file_whose_plan_raises_gets_its_error_and_the_batch_goes_on(monkeypatch):
    real = engine.Linter._wanted

    def refusing(self, document, rules, config, within=None):
        if document.path == "pm1.md":
            raise InputError("cannot plan this one", document.path)
        return real(self, document, rules, config, within)

    monkeypatch.setattr(engine.Linter, "_wanted", refusing)
    works = _works(range(3))
    outcomes = parallel.lint_batch(_fresh_linter(), works)
    assert isinstance(outcomes[1], InputError) and "cannot plan" in str(outcomes[1])
    monkeypatch.undo()
    assert outcomes[0] == parallel.lint_one(_fresh_linter(), works[0])
    assert outcomes[2] == parallel.lint_one(_fresh_linter(), works[2])


def test_each_files_time_budget_is_charged_its_share_of_the_batch_parse(monkeypatch):
    """A batch's parse that took 10 s (a stand-in clock) is shared by its two files by their tokens:
    a file with a 1-second time budget stops with the budget's error, one with the default does not."""

    class Clock:
        readings = iter([100.0, 110.0])  # the parse starts, then ends

        @staticmethod
        def monotonic():
            return next(Clock.readings)

    monkeypatch.setattr(engine, "time", Clock)
    works = [parallel.Work(TEXTS[0], "pm0.md", Config(time_budget=1.0)), parallel.Work(TEXTS[1], "pm1.md", Config())]
    outcomes = parallel.lint_batch(_fresh_linter(), works)
    assert isinstance(outcomes[0], budget.BudgetError) and "time-budget" in str(outcomes[0])
    assert outcomes[1] == parallel.lint_one(_fresh_linter(), works[1])

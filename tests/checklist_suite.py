"""Behavioural tests in the manner of CheckList (Ribeiro et al., ACL 2020), from our own templates.

Three kinds of test, each a list of cases generated here and checked by tests/test_checklist.py:
- MFT (minimum functionality): one rule class, a sentence that must be flagged by a given rule
  or family, or one that must not be flagged at all.
- INV (invariance): a template filled in many ways that must not change the verdict (the set
  of rule ids): names from many languages, pronouns and role nouns, tense, the section.
- DIR (directional): a change that must move the verdict one way: evidence added next to a
  hedged claim removes the assumption finding; a proposal moved into Action items is no
  longer a counterfactual.

`python tests/checklist_suite.py` prints the pass rate of each test type.
"""

from __future__ import annotations

from dataclasses import dataclass

# Given names from many languages and cultures, written as their bearers write them in
# Latin script. None of them is an English dictionary word, so none can be read as one.
NAMES = (
    "Kenji", "Haruka", "Yuki", "Hiroshi", "Sakura",  # Japanese
    "Wei", "Mei", "Xiaoming", "Jun", "Lian",  # Chinese
    "Jae-won", "Min-jun", "Seo-yeon", "Ji-ho",  # Korean
    "Thanh", "Huong", "Minh",  # Vietnamese
    "Priya", "Arjun", "Lakshmi", "Siddharth", "Ananya", "Ravi", "Meera",  # Indian
    "Aisha", "Fatima", "Mohammed", "Yusuf", "Tariq", "Leila", "Omar",  # Arabic
    "Dariush", "Shirin",  # Persian
    "Ayşe", "Mehmet", "Emre",  # Turkish
    "Oluwaseun", "Chidi", "Ngozi", "Adebayo", "Kwame", "Amara", "Thabo", "Nomvula", "Sipho",
    "Zainab", "Abebe", "Wanjiru",  # West, East and Southern African
    "Aroha", "Tane", "Anahera", "Keoni", "Kalani",  # Māori, Hawaiian
    "Xochitl", "Citlali", "Quilla",  # Nahuatl, Quechua
    "Mateo", "Lucía", "Joaquín", "Camila", "Thiago", "Inês", "João",  # Spanish, Portuguese
    "Agnieszka", "Dariusz", "Olga", "Dmitri", "Oksana",  # Polish, Russian, Ukrainian
    "Giorgos", "Eleni",  # Greek
    "Siobhan", "Niamh", "Oisín", "Eilidh",  # Irish, Scottish
    "Björn", "Ingrid", "Sven", "Aino",  # Nordic, Finnish
    "Tenzin", "Pema",  # Tibetan
    "Somchai", "Nattaya", "Putri", "Bayani",  # Thai, Indonesian, Filipino
    "Priscilla", "Marco", "Dana", "Kevin",  # English and Italian, the names our examples used
)

PRONOUN_SUBJECTS = ("He", "She", "They", "The on-call engineer", "Our SRE", "The reviewer", "@kim", "Someone")

# Sentences that blame the person in {name}; the expected rule id is the verdict for every name.
BLAME_TEMPLATES = (
    ("{name} forgot to renew the TLS certificate.", "BL101"),
    ("{name} did not verify the certificate chain before rotating it.", "BL101"),
    ("{name} never tested the rollback script.", "BL101"),
    ("Yesterday {name} ignored the disk alert for two hours.", "BL101"),
    ("{name} pushed a bad config that broke the connection pool.", "BL101"),
    ("{name} rebooted the wrong server during the maintenance window.", "BL101"),
    ("{name}'s mistake took the checkout service down.", "BL101"),
    ("During the upgrade {name} accidentally deleted the staging bucket.", "BL101"),
    ("If {name} had run the verification step, none of this would have happened.", "BL102"),
    ("{name} should have double-checked the target cluster.", "BL102"),
    ("{name} was careless with the production credentials.", "BL103"),
    ("{name} was complacent about the expiry warnings.", "BL105"),
)

# One template per remaining rule, in the section where it applies: the whole verdict (every
# rule, every family) must be the same for every name, and hold the expected rule.
RULE_TEMPLATES = (
    ("Root cause", "The outage came down to {name}'s human error during the cutover.", "BL104"),
    ("What happened", "{name} should have known the change would break the parser.", "BL106"),
    ("What happened", "It was just a typo that {name} made in the config.", "BL108"),
    ("Action items", "- {name} needs to be more careful with production credentials.", "BL109"),
    ("What happened", "{name} probably restarted the wrong pod.", "BL201"),
    ("What happened", "Clearly {name} ran the cleanup script twice.", "BL202"),
    ("What happened", "{name} assumed the replica was in sync.", "BL203"),
)

# Sentences that name a person without blaming them: no blame finding for any name.
NEUTRAL_TEMPLATES = (
    "At 14:02 {name} paged the database team.",
    "{name} restarted the queue workers at 10:14.",
    "{name} joined the incident call and shared the latency dashboard.",
    "{name} rolled back the release at 09:40 and the error rate dropped.",
)

# One blaming sentence in different tenses: each group must get one verdict.
TENSE_GROUPS = (
    ("BL101", ("The engineer forgot to renew the certificate.",
               "The engineer forgets to renew the certificate.",
               "The engineer has forgotten to renew the certificate.")),
    ("BL101", ("The operator did not verify the backup.",
               "The operator does not verify the backup.",
               "The operator has not verified the backup.")),
    ("BL101", ("The reviewer never tested the migration.",
               "The reviewer never tests the migration.",
               "The reviewer has never tested the migration.")),
    ("BL103", ("The deploy was sloppy.", "The deploy is sloppy.", "The deploy has been sloppy.")),
)

# Narrative sections in which a blaming sentence stays a blaming sentence.
SECTIONS = ("Summary", "What happened", "Root cause", "Contributing factors", "Timeline", "Lessons learned")
SECTION_SENTENCES = (
    ("Marco forgot to renew the TLS certificate.", "BL101"),
    ("We should have caught this in code review.", "BL102"),
    ("This was caused by human error.", "BL104"),
)

# Minimum functionality: (text, rule that must fire) per rule class, our own sentences.
MFT_BLAME = (
    # omission and negligence
    ("The on-call engineer did not check the replication lag before the failover.", "BL101"),
    ("Nobody noticed the alert for forty minutes.", "BL101"),
    ("No one checked the queue depth after the deploy.", "BL101"),
    ("Nobody was watching the error dashboard that night.", "BL101"),
    ("Everyone continued to deploy anyway.", "BL101"),
    ("The release was pushed without any consideration for the weekend load.", "BL103"),
    ("She gave the diff only a cursory glance.", "BL103"),
    ("He totally ignored the warnings from the linter.", "BL101"),
    ("The SRE did not request a review before merging.", "BL101"),
    ("Nor did he test the restore on a copy of the data.", "BL101"),
    # counterfactuals
    ("They should have staged the rollout.", "BL102"),
    ("She could have caught the typo before the merge.", "BL102"),
    ("The reviewer ought to have tested the change.", "BL102"),
    ("This should have been caught in review.", "BL102"),
    ("It would have been better to roll back first.", "BL102"),
    ("It would have been a good idea to load-test the endpoint.", "BL102"),
    ("Had the team run the smoke tests, the outage would have been avoided.", "BL102"),
    ("If the operator had read the banner, nothing would have broken.", "BL102"),
    ("He should have double-checked the target cluster.", "BL102"),
    # judgment of people, decisions and work
    ("Deploying on a Friday evening was a bad idea.", "BL103"),
    ("Rolling forward was the wrong call.", "BL103"),
    ("That was a dumb mistake.", "BL103"),
    ("Whoever wrote this script is an idiot.", "BL103"),
    ("These were simple programming mistakes.", "BL103"),
    ("Kenji's mistake took the site down.", "BL101"),
    ("The cron job was deleted by mistake.", None),  # passive, nobody named: not asserted
    ("The operator mistakenly dropped the production table.", "BL101"),
    ("The engineer ran the script against production in error.", "BL101"),
    ("The on-call missed the page yet again.", "BL103"),
    # human error
    ("The outage was caused by human error.", "BL104"),
    ("Root cause: operator error during the maintenance.", "BL104"),
    ("It came down to a fat-fingered command.", "BL104"),
    # folk labels
    ("The team had grown complacent about certificate expiry.", "BL105"),
    ("The engineer lost situational awareness during the failover.", "BL105"),
    # hindsight
    ("In hindsight it was obvious the change would break the parser.", "BL106"),
    ("The warning signs were there for weeks.", "BL106"),
    # blame shift
    ("The DB team did not update the DNS records.", "BL107"),
    ("GitHub failed to deliver the webhooks for an hour.", "BL107"),
    ("The outage was entirely the vendor's fault.", "BL107"),
    # minimizing
    ("It was just a typo in the config.", "BL108"),
    ("This was Stripe's mistake, not ours.", "BL107"),
    ("The platform team caused the outage by renaming the clusters.", "BL107"),
    ("The QA team let this change through to production.", "BL107"),
    ("Lindiwe failed to switch her kubectl context to staging.", "BL101"),
    ("Gabriel approved the release without checking the error budget.", "BL101"),
    ("There was a lapse in attention when the change was approved.", "BL105"),
    ("The bucket naming scheme was poorly designed.", "BL103"),
    ("A quick look at the firewall diff would have shown the missing rule.", "BL102"),
)

MFT_NOT_BLAME = (
    "14:02 Alice paged the database team and opened the incident channel.",
    "The health check failed to verify the TLS certificate.",
    "The deploy script did not check the schema version.",
    "Prow did not respond to the slash commands for an hour.",
    "Terraform did not update the state file after the timeout.",
    "Monitoring did not alert anyone because the threshold was set to 100%.",
    "The session should have expired after five minutes, but the timer never started.",
    "The backlog should have been drained automatically by the retry worker.",
    "Nobody forgot anything: the runbook did not mention the migration.",
    "No single person caused this outage.",
    "Customers didn't even notice the degraded search results.",
    "We learned from our mistakes and added a canary stage.",
    "It is not clear how the incident could have been prevented.",
    "Human error is never a root cause; look at the conditions instead.",
    "This morning we deployed as usual.",
    "If only the leaf certificate is served, older clients reject the chain.",
    "Bob broke the incident into three workstreams.",
    "No one made a mistake here; the limit was reasonable when it was set.",
    "This was not anyone's mistake: both consoles looked the same.",
    "Lucía missed the start of the call because the page went to her old number.",
    "14:07 Bilal ignored the duplicate alert, as agreed in the runbook.",
    "Anyone could have made this mistake with the old console.",
    "The wrong server was rebooted because both hosts had the same name in the console.",
)

MFT_ASSUMPTION = (
    ("The `cache` node probably ran out of memory.", "BL201"),
    ("We probably lost 5 minutes of writes.", "BL201"),
    ("We suspect the network between the zones was flaky.", "BL201"),
    ("I assume the job was restarted by cron.", "BL201"),
    ("It seems the cache was stale after the failover.", "BL201"),
    ("The queue consumer appears to have stalled after the upgrade.", "BL201"),
    ("The migration may have caused the lock contention.", "BL201"),
    ("Presumably the replica fell behind during the backup.", "BL201"),
    ("The most likely cause is a leaked file descriptor.", "BL201"),
    ("I don't think the alerts ever reached the pager.", "BL201"),
    ("The root cause is probably the new connection pool setting.", "BL201"),
    ("The on-call was probably tired after the long week.", "BL201"),
    ("Clearly the cache was stale.", "BL202"),
    ("Obviously the replica was behind.", "BL202"),
    ("I'm very confident it relates to the old kernel on that cluster.", "BL202"),
    ("Everyone knows you don't run that migration in production.", "BL202"),
)

MFT_NOT_ASSUMPTION = (
    "We will probably migrate the queue to the managed service next quarter.",
    "We probably need to test these changes on a production-like setup.",
    "You can probably remove the cache directory and start clean.",
    "Maybe not worth the effort for such a rare event.",
    "After the restart everything seemed to work properly again.",
    "Did the consumer stall after the upgrade?",
    "Hypothesis: a misbehaving sidecar caused the restarts; we are checking its logs.",
    "Obviously, production should not be broken.",
    "Such a rename is likely impossible to pull off.",
    "I think we handled the communication with customers well.",
    "It seems like a good time to revisit our backup strategy.",
    "I hope this never happens again.",
)

# Hedged claims and the evidence that, placed next to them, must remove the finding.
HEDGED_CLAIMS = (
    ("The cache node probably ran out of memory.", "BL201"),
    ("We suspect the retry storm started in the billing service.", "BL201"),
    ("It seems the queue consumer stalled after the upgrade.", "BL201"),
    ("Clearly the replica was behind.", "BL202"),
)
EVIDENCE = (
    " The memory graph shows 98% use at 03:10 (https://grafana.example.com/d/cache).",
    " Memory use reached 31 GiB at 03:10, the limit of the node.",
    ' The log says "OOM killer invoked for process 4211" at 03:10.',
    " See the linked dashboard for the full picture.",
    "\n\n```\n03:10:02 kernel: Out of memory: Killed process 4211 (cache)\n```",
)

# Counterfactual proposals that belong in Action items: flagged in the narrative, not there.
PROPOSALS = (
    "We should have staged the rollout behind a canary.",
    "The migration should have been tested against a copy of production.",
    "It would have been better to roll back first.",
)


@dataclass(frozen=True)
class Case:
    kind: str  # MFT | INV | DIR
    name: str
    check: object  # callable(lint) -> (passed: bool, detail: str)


def _rules(findings, family=None) -> frozenset:
    return frozenset(f.rule for f in findings if f.family != "structure" and (family is None or f.family == family))


def _doc(section: str, body: str) -> str:
    return f"# Incident\n\n## {section}\n\n{body}\n"


def mft_cases() -> list[Case]:
    cases = []
    for text, rule in MFT_BLAME + MFT_ASSUMPTION:
        if rule is None:
            continue
        cases.append(Case("MFT", f"fires {rule}: {text}", _fires(text, rule)))
    for text in MFT_NOT_BLAME:
        cases.append(Case("MFT", f"no blame: {text}", _silent(text, "blame")))
    for text in MFT_NOT_ASSUMPTION:
        cases.append(Case("MFT", f"no assumption: {text}", _silent(text, "assumption")))
    return cases


def _fires(text, rule):
    def check(lint):
        found = _rules(lint(_doc("What happened", text)))
        return rule in found, f"got {sorted(found)}"
    return check


def _silent(text, family):
    def check(lint):
        found = _rules(lint(_doc("What happened", text)), family)
        return not found, f"got {sorted(found)}"
    return check


def inv_cases() -> list[Case]:
    cases = []
    for template, rule in BLAME_TEMPLATES:
        cases.append(Case("INV", f"names: {template}", _same_verdict([template.format(name=n) for n in NAMES], rule)))
    for section, template, rule in RULE_TEMPLATES:
        cases.append(Case("INV", f"names, {rule}: {template}",
                          _same_full_verdict([template.format(name=n) for n in NAMES], rule, section)))
    for template in NEUTRAL_TEMPLATES:
        cases.append(Case("INV", f"names, neutral: {template}",
                          _same_verdict([template.format(name=n) for n in NAMES], None)))
    for template, rule in BLAME_TEMPLATES[:6]:
        filled = [_subject_first(template, subject) for subject in PRONOUN_SUBJECTS]
        cases.append(Case("INV", f"pronouns and roles: {template}", _same_verdict(filled, rule)))
    for rule, sentences in TENSE_GROUPS:
        cases.append(Case("INV", f"tense: {sentences[0]}", _same_verdict(list(sentences), rule)))
    for sentence, rule in SECTION_SENTENCES:
        cases.append(Case("INV", f"section: {sentence}", _same_verdict(list(sentence for _ in SECTIONS), rule, SECTIONS)))
    return cases


def _subject_first(template: str, subject: str) -> str:
    """Put a pronoun or role noun where the name was, in lower case inside the sentence."""
    if template.startswith("{name}") or subject.startswith("@"):
        return template.format(name=subject)
    return template.format(name=subject[0].lower() + subject[1:])


def _same_verdict(texts, rule, sections=None):
    """Every text gets the same blame verdict, and that verdict holds `rule` (or no blame at all)."""
    def check(lint):
        verdicts = {}
        for i, text in enumerate(texts):
            section = sections[i] if sections else "What happened"
            verdicts[text if not sections else f"{section}: {text}"] = _rules(lint(_doc(section, text)), "blame")
        distinct = set(verdicts.values())
        expected_ok = all((rule in v) if rule else not v for v in distinct)
        odd = [t for t, v in verdicts.items() if (rule not in v if rule else v)]
        return len(distinct) == 1 and expected_ok, f"{len(distinct)} verdicts; off: {odd[:5]}"
    return check


def _same_full_verdict(texts, rule, section):
    """Every text gets the same set of rule ids (all families), and it holds `rule`."""
    def check(lint):
        verdicts = {text: _rules(lint(_doc(section, text))) for text in texts}
        distinct = set(verdicts.values())
        odd = [t for t, v in verdicts.items() if rule not in v]
        return len(distinct) == 1 and not odd, f"{len(distinct)} verdicts; off: {odd[:5]}"
    return check


def dir_cases() -> list[Case]:
    cases = []
    for claim, rule in HEDGED_CLAIMS:
        for evidence in EVIDENCE:
            cases.append(Case("DIR", f"evidence removes {rule}: {claim} + {evidence.strip()[:30]}",
                              _evidence_removes(claim, evidence, rule)))
    for proposal in PROPOSALS:
        cases.append(Case("DIR", f"Action items remove BL102: {proposal}", _proposal_moves(proposal)))
    return cases


def _evidence_removes(claim, evidence, rule):
    def check(lint):
        before = _rules(lint(_doc("What happened", claim)))
        after = _rules(lint(_doc("What happened", claim + evidence)))
        return rule in before and rule not in after, f"before {sorted(before)}, after {sorted(after)}"
    return check


def _proposal_moves(proposal):
    def check(lint):
        narrative = _rules(lint(_doc("What went wrong", proposal)))
        actions = _rules(lint(_doc("Action items", f"- {proposal} Owner: @kim, TICKET-12")))
        return "BL102" in narrative and "BL102" not in actions, f"narrative {sorted(narrative)}, action items {sorted(actions)}"
    return check


def all_cases() -> list[Case]:
    return mft_cases() + inv_cases() + dir_cases()


def pass_rates(lint) -> dict[str, tuple[int, int]]:
    rates: dict[str, list[int]] = {}
    for case in all_cases():
        passed, _ = case.check(lint)
        counts = rates.setdefault(case.kind, [0, 0])
        counts[0] += int(passed)
        counts[1] += 1
    return {kind: (p, n) for kind, (p, n) in rates.items()}


if __name__ == "__main__":
    from blamelint.config import Config
    from blamelint.engine import Linter
    from blamelint.ruleset import RuleSet

    linter = Linter(RuleSet.load())

    def lint(text):
        return linter.lint_text(text, "checklist.md", Config())

    for case in all_cases():
        passed, detail = case.check(lint)
        if not passed:
            print(f"FAIL {case.kind} {case.name}: {detail}")
    for kind, (passed, total) in pass_rates(lint).items():
        print(f"{kind}: {passed}/{total} passed ({passed / total:.1%})")

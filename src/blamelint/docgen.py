"""Rule pages for docs/rules/ and `blamelint explain`, generated from the rule files."""

from __future__ import annotations

from pathlib import Path

from blamelint.rules import Rule
from blamelint.ruleschema import RULE_ID

_SAFETY = {
    "safe": "The fix keeps the meaning of the sentence and is applied by `--fix`.",
    "unsafe": "The rewording may change what the sentence says; it is applied only with `--unsafe-fixes`.",
    "display-only": "The suggestion is shown to the writer and never applied automatically: only the writer "
    "knows the facts that the better sentence needs.",
}


_REWORDING = (
    "Where the parse allows, blamelint rewords the whole sentence (strategy `{strategy}`): the "
    "subject becomes the condition that allowed the action, every number, time, code span and "
    "link is kept, and the rewording is linted again and dropped if it still blames. A rewording "
    "changes what the sentence says, so it is an unsafe fix: `--fix --unsafe-fixes` applies it, "
    "`--diff --unsafe-fixes` shows it, and editors offer it as a \"Reword\" code action. Inside "
    "HTML or a wrapped quotation it is shown and never applied. Where no whole sentence can be "
    "built, there is no rewording and the message's question stands. See docs/fixes.md."
)


def _safety(rule: Rule) -> str:
    if rule.rewrite and rule.rewrite != "none" and not rule.fix.get("pattern"):
        return _REWORDING.format(strategy=rule.rewrite)
    return _SAFETY[rule.applicability.value]


def _config_text(config: dict) -> str:
    return ", ".join(f"`{key}: {value}`" for key, value in config.items())


def _variant_texts(rule) -> list[str]:
    """A structure rule's other wordings, and what its placeholders stand for."""
    if not rule.is_structural:
        return []
    from blamelint.structure import CHECKS

    lines = []
    for name, words in sorted(rule.variants.items()):
        lines += ["", f"Variant `{name}`:", ""] + [f"- {key}: {text.strip()}" for key, text in words.items()]
    supplies = CHECKS[rule.check].supplies
    if supplies:
        names = ", ".join(f"`{{{name}}}`" for name in sorted(supplies))
        lines += ["", f"The check (`{rule.check}`) fills in {names} for each finding."]
    return lines


def rule_page(rule: Rule) -> str:
    docs = rule.docs
    parts = [
        f"# {rule.id} {rule.name}",
        "",
        f"Family: `{rule.family}` · Default level: `{rule.level}` · Status: `{rule.status}`"
        + (f" · Aliases: {', '.join(rule.aliases)}" if rule.aliases else ""),
        "",
        rule.summary,
        "",
        "## What it flags",
        "",
        docs["what"].strip(),
        "",
        "## Why it matters",
        "",
        docs["why"].strip(),
        "",
        "## Examples",
        "",
        "Flagged:",
        "",
    ]
    for example in rule.bad:
        parts.append(f"- {example.text.strip()}")
        if example.config:
            parts.append(f"  - with configuration: {_config_text(example.config)}")
        if example.span:
            parts.append(f"  - flags: {example.span}")
        if example.suggestion:
            parts.append(f"  - suggestion: {example.suggestion.strip()}")
        if isinstance(example.rewrite, str):
            parts.append(f"  - rewrite: {example.rewrite or '(the sentence is removed)'}")
        elif example.rewrite is False:
            parts.append("  - no rewording: the finding's question stands")
    parts += ["", "Not flagged:", ""]
    for example in rule.good:
        parts.append(f"- {example.text.strip()}")
        if example.config:
            parts.append(f"  - with configuration: {_config_text(example.config)}")
    parts += ["", "## Message", "", rule.message.strip()]
    if rule.suggestion:
        parts += ["", "## Suggestion", "", rule.suggestion.strip()]
    parts += _variant_texts(rule)
    parts += ["", "## Fix safety", "", _safety(rule)]
    if docs.get("options"):
        parts += ["", "## Options", "", docs["options"].strip()]
    if docs.get("known-problems"):
        parts += ["", "## Known problems", "", docs["known-problems"].strip()]
    if docs.get("references"):
        parts += ["", "## References", ""] + [f"- {ref}" for ref in docs["references"]]
    parts += ["", f"Disable for the next paragraph with `<!-- blamelint-disable-next-line {rule.id} -->` "
                  "([suppressions](../suppressions.md)).", ""]
    return "\n".join(parts)


def index_page(rules: list[Rule]) -> str:
    lines = ["# Rules", "", "Generated from `rules/*.yaml` by `python -m blamelint.docgen`; do not edit by hand.", "",
             "| id | name | family | level | summary |", "|---|---|---|---|---|"]
    for rule in rules:
        lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.family} | {rule.level} | {rule.summary} |")
    for old, parts in split_ids(rules).items():
        lines.append(f"\n[{old}]({old}.md) now stands for {', '.join(r.id for r in parts)}.")
    return "\n".join(lines) + "\n"


def split_ids(rules: list[Rule]) -> dict[str, list[Rule]]:
    """Old rule ids kept as aliases of the rules they were split into (BL305 -> BL308-BL310)."""
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        for alias in rule.aliases:
            if RULE_ID.match(alias):
                groups.setdefault(alias, []).append(rule)
    return groups


def split_page(old_id: str, parts: list[Rule]) -> str:
    lines = [f"# {old_id}", "", f"{old_id} was split into {len(parts)} rules, one per check, so that each can be "
             "selected, ignored and suppressed on its own. The old id still works wherever a rule id does "
             f"(`--select`, `--ignore`, `rules:` in the configuration, suppression comments) and stands for all "
             "of them:", ""]
    lines += [f"- [{rule.id}]({rule.id}.md) {rule.name}: {rule.summary}" for rule in parts]
    return "\n".join(lines) + "\n"


def expected_pages(rules: list[Rule]) -> dict[str, str]:
    pages = {f"{rule.id}.md": rule_page(rule) for rule in rules}
    pages.update({f"{old}.md": split_page(old, parts) for old, parts in split_ids(rules).items()})
    pages["index.md"] = index_page(rules)
    return pages


def write_pages(rules: list[Rule], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in expected_pages(rules).items():
        (directory / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    from blamelint.rules import load_rules

    write_pages(load_rules(), Path(__file__).resolve().parents[2] / "docs" / "rules")

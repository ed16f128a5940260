"""Measure the LSP round trip didChange -> publishDiagnostics on a ~2,000-word postmortem.

Starts `python -m blamelint lsp` over stdio, opens the document (waits for the first
diagnostics, so the spaCy model is loaded), then makes one small incremental edit at a time
in the middle of the document and times until the diagnostics for that version arrive.

    python scripts/bench_lsp.py                    # server default debounce (300 ms)
    python scripts/bench_lsp.py --debounce-ms 0    # the linting cost alone
    python scripts/bench_lsp.py --file some-postmortem.md --edits 30
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

PARAGRAPHS = {
    "Summary": [
        "On 14 March the checkout service returned errors to about 18 percent of requests for 47 minutes.",
        "The payment gateway connection pool was exhausted after a configuration change reduced its size.",
        "Customers saw a generic error page and some retried their orders, which created duplicate holds.",
    ],
    "Impact": [
        "Roughly 12,400 checkout attempts failed and 310 customers contacted support during the incident.",
        "Card authorisations were held twice for 96 orders and released automatically within five days.",
        "No data was lost, and the order history of every affected customer was consistent afterwards.",
    ],
    "Timeline": [
        "At 10:02 the deploy pipeline rolled out the new pool settings to every region at the same time.",
        "At 10:09 the error rate alert fired, and the on-call engineer acknowledged the page at 10:11.",
        "Then Bob forgot to check the connection pool dashboard before widening the rollout.",
        "At 10:25 the team rolled back the change, but the old settings needed a restart to take effect.",
        "At 10:49 the error rate returned to its usual level and the incident channel was kept open.",
    ],
    "Root cause": [
        "The outage was caused by human error in the pool size setting.",
        "The configuration schema accepted a pool size of 4 where the service needs at least 40 connections.",
        "Nothing in the review template asked for the expected load, so the smaller value looked reasonable.",
    ],
    "Contributing factors": [
        "The staging environment runs with a tenth of production traffic, so the pool never filled there.",
        "The dashboard that shows pool saturation is not linked from the deploy page or from the alert.",
        "The operator should have known better than to deploy on a Friday morning.",
        "The rollback path requires a restart, which doubled the time to recovery for this kind of change.",
    ],
    "Action items": [
        "Add a minimum value for the pool size to the configuration schema and reject smaller values.",
        "Link the saturation dashboard from the deploy page and include it in the alert description.",
        "Make pool settings reloadable without a restart, and test the rollback path in staging monthly.",
    ],
}


def synthetic_postmortem(words: int = 2000) -> str:
    """A deterministic postmortem of about `words` words, with a few blaming sentences in it."""
    parts = ["# Checkout outage, 14 March\n"]
    count, round_ = 0, 0
    while count < words:
        round_ += 1
        for title, sentences in PARAGRAPHS.items():
            parts.append(f"\n## {title}{'' if round_ == 1 else f' (part {round_})'}\n\n")
            for i in range(0, len(sentences), 2):
                paragraph = " ".join(sentences[i:i + 2])
                parts.append(paragraph + "\n\n")
                count += len(paragraph.split())
            if count >= words:
                break
    return "".join(parts)


async def run(text: str, edits: int, debounce_ms: int | None) -> list[float]:
    command = [sys.executable, "-m", "blamelint", "lsp"]
    if debounce_ms is not None:
        command += ["--debounce-ms", str(debounce_ms)]
    client = LanguageClient("bench", "1")
    arrived: dict[int, float] = {}
    published = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams):
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            client.last_count = len(params.diagnostics)
            published.set()

    await client.start_io(*command)
    uri = from_fs_path(str(Path.cwd() / "bench-postmortem.md"))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None))
    client.initialized(types.InitializedParams())

    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await asyncio.wait_for(published.wait(), 60)
    print(f"open (includes the model load): {(arrived[1] - started) * 1000:.0f} ms, "
          f"{client.last_count} diagnostics", file=sys.stderr)

    middle = text.count("\n") // 2
    timings = []
    for version in range(2, edits + 2):
        published.clear()
        sent = time.perf_counter()
        at = types.Position(line=middle, character=0)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text="x")],
        ))
        while version not in arrived:
            await asyncio.wait_for(published.wait(), 60)
            published.clear()
        timings.append((arrived[version] - sent) * 1000)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="a postmortem to use instead of the synthetic one")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--debounce-ms", type=int, default=None, help="passed to `blamelint lsp` (default: its own)")
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8") if args.file else synthetic_postmortem()
    timings = asyncio.run(run(text, args.edits, args.debounce_ms))
    ordered = sorted(timings)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    debounce = "server default" if args.debounce_ms is None else f"{args.debounce_ms} ms"
    print(f"{len(text.split())} words, {args.edits} edits, debounce {debounce}: didChange -> publishDiagnostics "
          f"median {statistics.median(timings):.0f} ms, p90 {p90:.0f} ms, min {ordered[0]:.0f} ms, max {ordered[-1]:.0f} ms")


if __name__ == "__main__":
    main()

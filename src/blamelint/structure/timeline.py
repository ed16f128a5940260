"""Helpers of the timeline checks (checks/timeline_*.py): what an entry is and its time.

Entries are the top-level list items and table rows of each timeline section, plus
sub-headings and paragraph lines that start with a time. Sub-headings and prose lines
without a time are not entries (they group or narrate), so they are never flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from blamelint.structure.content import Item, items, lines_of
from blamelint.structure.outline import STAMP_TITLE, once_per_document, outermost, parts

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(
    r"(?P<iso>(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2}))"
    r"|(?P<slash>\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b)"
    rf"|(?P<md>\b{_MONTH}\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_y>\d{{4}}))?)"
    rf"|(?P<dm>\b(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{_MONTH.replace('?P<mon>', '?P<mon2>')}(?:,?\s+(?P<dm_y>\d{{4}}))?)"
    r"|(?P<wd>\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?!\d|:\d)"
    r"(?:\s*[-–]\s*(?:[01]?\d|2[0-3]):[0-5]\d)?(?:\s*(?P<ap>[ap]\.?m\.?)(?![a-z]))?"
    r"|(?<![\d:.])(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap]\.?m\.?)(?![a-z])",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"(?<!\w)(?:T\s?[+-]\s?\d+|\+\d+\s*(?:s|sec|m|min|mins|h|hr|hrs|d)\b|day\s+\d+\b)", re.IGNORECASE)
_ZONE = re.compile(
    r"\b(?:UTC|GMT|Zulu|[ECMPA][SD]T|[ECMP]T|AKST|AKDT|HST|BST|IST|CET|CEST|EET|EEST|WET|WEST|MSK|JST|KST|SGT|HKT"
    r"|AWST|AEST|AEDT|ACST|ACDT|NZST|NZDT|BRT|ART)\b"
    r"|\b(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z\b|\s?[+-](?:0\d|1[0-4]):?[0-5]\d\b)"
    r"|\btime\s?zones?\b|\blocal time\b|\ball times\b|\btimes (?:are|in)\b"
    r"|\b(?:pacific|eastern|central|mountain|british summer|central european|greenwich)(?: standard| daylight)? time\b",
    re.IGNORECASE,
)
_ROLLOVER_MINUTES = 12 * 60  # a drop of more than this between two times means the next day


def timeline_entries(document, vocabulary) -> list[tuple[object, list[tuple]]]:
    """(part, entries) for each timeline section; an entry is (start, end, has_timestamp,
    minutes_or_None, date_or_None), read once per document for the three timeline checks and
    the archive report."""
    return once_per_document(document, "timeline.entries", vocabulary, _find_timeline_entries)


def _find_timeline_entries(document, vocabulary) -> list[tuple[object, list[tuple]]]:
    all_parts = parts(document, vocabulary)
    result = []
    for part in outermost([p for p in all_parts if "timeline" in p.kinds]):
        foreign = [(q.title_start, q.body_end) for q in all_parts
                   if "timeline" not in q.kinds and part.body_start <= q.title_start < part.body_end]
        result.append((part, _entries(document, part, foreign)))
    return result


def _entries(document, part, foreign=()) -> list[tuple]:
    """(start, end, has_timestamp, minutes_or_None, date_or_None) per entry, in document order.
    Items inside a part of another kind ("**Root causes:**" in the timeline) are not entries;
    items under a heading that carries the time ("### 1:06 PM") take their time from it."""
    source = document.source
    entries = []
    found_items = items(document, part.body_start, part.body_end)
    covered = [(i.start, i.full_end) for i in found_items]
    for item in found_items:
        if any(a <= item.start < b for a, b in foreign) or _timed_by_heading(document, part, item):
            continue
        text = _item_stamp_text(item, source)
        stamp = _stamp(text)
        entries.append((item.start, item.end, stamp is not None, *(stamp or (None, None))))
    for block in document.blocks:
        if not (part.body_start <= block.start < part.body_end) or block.in_quote:
            continue
        if any(a <= block.start < b for a, b in covered) or block.kind == "table_cell" or block.in_list:
            continue
        for line_start, line_end in lines_of(document, block.start, block.end):
            line = source[line_start:line_end]
            lead = len(line) - len(line.lstrip(" \t*_#>"))
            head = line[lead:lead + 40]
            stamp = _stamp(head, anchored=True)
            if stamp is not None:
                entries.append((line_start + lead, line_end, True, *stamp))
    return sorted(entries)


def _timed_by_heading(document, part, item) -> bool:
    inner = None
    for section in document.sections:
        if section.level and part.body_start <= section.heading_start and section.heading_start <= item.start < section.end:
            inner = section  # sections are in document order: the last one containing the item is the innermost
    return inner is not None and bool(STAMP_TITLE.match(inner.title))


def _item_stamp_text(item: Item, source: str) -> str:
    if item.kind == "row":
        timed = [(c, a, b) for c, a, b in item.cells if c and re.search(r"\b(?:time|date|when|utc|timestamp)\b", c)]
        chosen = timed or item.cells[:1]
        return " ".join(source[a:b] for _, a, b in chosen) if chosen else ""
    return source[item.start:item.end][:80]


def _stamp(text: str, anchored: bool = False):
    """(minutes, date) of the first time/date in text; minutes None for a date alone. None: no stamp."""
    date_match = _DATE.search(text)
    time_match = _TIME.search(text)
    if anchored:
        first = min([m.start() for m in (date_match, time_match) if m] or [99])
        if first > 3:
            return None
    if time_match is None and date_match is None:
        return (None, None) if _RELATIVE.search(text) else None
    minutes = _minutes(time_match) if time_match else None
    date = _date(date_match) if date_match else None
    return minutes, date


def _minutes(match) -> int:
    if match.group("h") is not None:
        hour, minute, ampm = int(match.group("h")), int(match.group("mi")), match.group("ap")
    else:
        hour, minute, ampm = int(match.group("h2")), 0, match.group("ap2")
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return hour * 60 + minute


def _date(match):
    """An ordinal day for ISO and month-name dates; "?" for dates that cannot be ordered."""
    try:
        if match.group("iso"):
            year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
        elif match.group("md"):
            year, month, day = match.group("md_y"), _MONTHS[match.group("mon")[:3].lower()], int(match.group("md_d"))
        elif match.group("dm"):
            year, month, day = match.group("dm_y"), _MONTHS[match.group("mon2")[:3].lower()], int(match.group("dm_d"))
        else:
            return "?"
        dt.date(int(year or 2000), month, day)  # validates
    except ValueError:
        return "?"
    return (int(year) if year else None, month, day)


def out_of_order(entries) -> Iterator[tuple]:
    """Steps that go against the timeline's direction (most timelines ascend; some are newest-first)."""
    points = []
    day, last_date, last_minutes, year = 0, None, None, 2000
    for start, end, _, minutes, date in entries:
        if date == "?":  # a date we cannot order: start afresh after it
            last_date, last_minutes = None, None
            points.append(None)
            continue
        if date is not None:  # a month and day without a year take the last year seen
            year = date[0] or year
            date = dt.date(year, date[1], date[2]).toordinal() if _valid(year, date) else None
        if date is not None:
            if last_date is not None and date != last_date:
                last_minutes = None
            day, last_date = date, date
        if minutes is None:
            if date is not None:
                points.append((start, end, (day, -1)))
            continue  # an entry without a stamp is reported, not ordered
        if date is None and last_minutes is not None and minutes < 13 * 60 <= last_minutes + 60 \
                and 0 <= minutes + 720 - last_minutes <= 180:
            minutes += 720  # 11:57 then 1:17 on a 12-hour clock without am/pm
        if date is None and last_minutes is not None and last_minutes - minutes > _ROLLOVER_MINUTES:
            day += 1  # 23:50 then 00:10: the next day
        last_minutes = minutes
        points.append((start, end, (day, minutes)))
    steps = []
    previous = None
    for point in points:
        if point is None:
            previous = None
            continue
        if previous is not None:
            here, before = point[2], previous[2]
            if -1 in (here[1], before[1]):  # a date alone orders only against other days
                here, before = here[0], before[0]
            if here != before:
                steps.append((point, previous, here > before))
        previous = point
    ups, downs = sum(1 for *_, up in steps if up), sum(1 for *_, up in steps if not up)
    ascending = not (downs > ups and downs >= 2)  # newest-first timelines exist; two entries do not make one
    for point, previous, up in steps:
        if up != ascending:
            yield point[0], point[1], "earlier" if ascending else "later"


def _valid(year, date) -> bool:
    try:
        dt.date(year, date[1], date[2])
    except ValueError:
        return False
    return True


def has_zone(document) -> bool:
    source = document.source
    code = [(a, b) for a, b in document.skipped if a > 0 or document.front_matter is None]
    for match in _ZONE.finditer(source):
        if not any(a <= match.start() < b for a, b in code):
            return True
    return False

"""A postmortem's date: from its front matter, else its file name, else the first date in its text.

A date is a day or, where only the month is known (a file named "2023-04_..."), a month.
Text dates need a year ("3 May" alone could be any year), and years outside 1990-2100 are
not dates (version numbers, counts).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import PurePath

import yaml

DATE_KEYS = ("date", "incident_date", "incident-date", "incident date", "published", "created")
_YEAR = r"(?P<y>19\d{2}|20\d{2}|2100)"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# File names: the same separator on both sides of the month, so "2023-04_04-25" is a month.
_NAME_DAY = re.compile(rf"(?<!\d){_YEAR}(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
# "2023-04_04-25": a month folder flattened into the name, then the month and day again
_NAME_FOLDED = re.compile(rf"(?<!\d){_YEAR}-(?P<m>0[1-9]|1[0-2])_(?P=m)-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_NAME_MONTH = re.compile(rf"(?<!\d){_YEAR}[-_](?P<m>0[1-9]|1[0-2])(?!\d)")
# Text: ISO and slashed year-first dates, "May 3, 2024", "3 May 2024", "3. May 2024".
_TEXT_DAY = re.compile(
    rf"(?<![\d/.-]){_YEAR}(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?![\d])"
    rf"|\b{_MONTH_WORD}\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR.replace('?P<y>', '?P<y2>')}\b"
    rf"|\b(?P<dm>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_MONTH_WORD.replace('?P<mon>', '?P<mon2>')},?\s+"
    rf"{_YEAR.replace('?P<y>', '?P<y3>')}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentDate:
    day: dt.date | None  # the first day of the month for a month-precision date
    precision: str | None  # "day" | "month"; None when undated
    source: str  # "front-matter" | "file-name" | "text" | "undated"

    def iso(self) -> str | None:
        if self.day is None:
            return None
        return self.day.isoformat() if self.precision == "day" else self.day.strftime("%Y-%m")


UNDATED = DocumentDate(None, None, "undated")


def document_date(path: str, source: str, front_matter: str | None, prose: list[str]) -> DocumentDate:
    """`front_matter`: the YAML between --- lines (None when there is none); `prose`: the
    document's prose blocks in order. A TOML front matter (+++) is read from `source`."""
    for day, precision, origin in (
        (*_front_matter_date(front_matter, source), "front-matter"),
        (*_file_name_date(path), "file-name"),
        (*_text_date(prose), "text"),
    ):
        if day is not None:
            return DocumentDate(day, precision, origin)
    return UNDATED


def _front_matter_date(front_matter: str | None, source: str) -> tuple[dt.date | None, str | None]:
    data = _front_matter_data(front_matter, source)
    if not isinstance(data, dict):
        return None, None
    lowered = {str(key).lower(): value for key, value in data.items()}
    for key in DATE_KEYS:
        day = _as_date(lowered.get(key))
        if day is not None:
            return day, "day"
    return None, None


def _front_matter_data(front_matter: str | None, source: str):
    """The parsed front matter; a malformed one is the author's business, not a reason to fail."""
    try:
        if front_matter is not None:
            return yaml.safe_load(front_matter)
        toml = re.match(r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", source, re.DOTALL)
        return tomllib.loads(toml.group(1)) if toml else None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return _first_text_date(value)
    return None


def _file_name_date(path: str) -> tuple[dt.date | None, str | None]:
    name = PurePath(path).name
    for match in (*_NAME_DAY.finditer(name), *_NAME_FOLDED.finditer(name)):
        day = _valid(match.group("y"), match.group("m"), match.group("d"))
        if day is not None:
            return day, "day"
    match = _NAME_MONTH.search(name)
    if match:
        return dt.date(int(match.group("y")), int(match.group("m")), 1), "month"
    return None, None


def _text_date(prose: list[str]) -> tuple[dt.date | None, str | None]:
    for text in prose:
        day = _first_text_date(text)
        if day is not None:
            return day, "day"
    return None, None


def _first_text_date(text: str) -> dt.date | None:
    for match in _TEXT_DAY.finditer(text):
        if match.group("y"):
            day = _valid(match.group("y"), match.group("m"), match.group("d"))
        elif match.group("y2"):
            day = _valid(match.group("y2"), _month_number(match.group("mon")), match.group("md"))
        else:
            day = _valid(match.group("y3"), _month_number(match.group("mon2")), match.group("dm"))
        if day is not None:
            return day
    return None


def _month_number(word: str) -> int:
    return _MONTH_NAMES.index(word[:3].lower()) + 1


def _valid(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 31 April, 29 February of a common year
        return None

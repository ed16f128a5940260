"""Errors that end a run with one clear line and a known exit code (never a traceback)."""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class BlamelintError(Exception):
    """A user-facing problem: bad input, bad config, bad rule file, bad usage.

    `where` names the file (and line when known) the problem is in.
    """

    exit_code = EXIT_ERROR

    def __init__(self, message: str, where: str | None = None, line: int | None = None):
        self.message = message
        self.where = where
        self.line = line
        super().__init__(self.one_line())

    def __reduce__(self):
        """Rebuilt from its parts when a --jobs worker sends it back to the main process."""
        return type(self), (self.message, self.where, self.line)

    def one_line(self) -> str:
        if self.where is None:
            return self.message
        location = f"{self.where}:{self.line}" if self.line else self.where
        return f"{location}: {self.message}"


class InputError(BlamelintError):
    """The file to lint cannot be read as a postmortem (binary, bad encoding, too large...)."""


class ConfigError(BlamelintError):
    """A configuration file is malformed or names something that does not exist."""


class RuleError(BlamelintError):
    """A rule file is malformed."""


class ModelError(BlamelintError):
    """No usable spaCy pipeline with a parser is installed."""

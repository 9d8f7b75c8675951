"""Errors of the user's world while reading input: shown to people, not bugs."""
from __future__ import annotations

import os


class ImportFileError(Exception):
    """A file that cannot be imported; the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        super().__init__(f"{os.fspath(path)}: {problem}")
        self.path = os.fspath(path)
        self.problem = problem

    def __reduce__(self):              # rebuilt from its two parts when sent back from a worker process
        return type(self), (self.path, self.problem)

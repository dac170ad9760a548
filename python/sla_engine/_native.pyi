"""Type stubs of the compiled module ``sla_engine._native`` (the Rust half of the package).

Use the ``sla_engine`` package's classes; these are the calls they make.
"""

import numpy as np
import numpy.typing as npt

MAX_LINE_BYTES: int

class SlaError(ValueError):
    """An input the engine refuses; the message is the one the ``sla`` command prints."""

class ContractError(SlaError):
    """A contract that cannot be read or does not hold together, or an unknown setting."""

class CalendarError(SlaError):
    """A calendar that cannot be built, or a query it cannot answer."""

    index: int | None
    """For an array query, the (flat) index of the element refused."""
    year: int | None
    """The year the calendar has no data for, if that is the reason."""

class EventsError(SlaError):
    """An event input that cannot be read at all."""

class Calendar:
    @staticmethod
    def preset(name: str) -> Calendar: ...
    @staticmethod
    def from_toml(text: str, name: str = "calendar.toml") -> Calendar: ...
    @property
    def name(self) -> str: ...
    @property
    def zone(self) -> str: ...
    @property
    def years(self) -> tuple[int, int] | None: ...
    def add_one(self, start: int, seconds: int) -> int: ...
    def between_one(self, start: int, end: int) -> int: ...
    def add_many(
        self,
        starts: npt.NDArray[np.int64],
        seconds: npt.NDArray[np.int64],
        *,
        nat: bool,
        mask: bool,
        fill: int,
        threads: int | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_] | None]: ...
    def between_many(
        self,
        starts: npt.NDArray[np.int64],
        ends: npt.NDArray[np.int64],
        *,
        nat: bool,
        mask: bool,
        fill: int,
        threads: int | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_] | None]: ...

class Contract:
    @staticmethod
    def seed() -> Contract: ...
    @staticmethod
    def from_toml(text: str, name: str = "contract.toml") -> Contract: ...
    def to_toml(self) -> str: ...
    def with_settings(self, settings: list[tuple[str, str]]) -> Contract: ...
    def settings(self) -> list[tuple[str, str, str]]: ...
    @property
    def name(self) -> str: ...
    @property
    def calendar(self) -> Calendar: ...

class Report:
    def to_json(self) -> str: ...
    def to_markdown(self) -> str: ...
    def statement_json(self) -> str | None: ...
    def statement_csv(self) -> str: ...
    def rejected_messages(self) -> list[str]: ...

class Dispute:
    def to_json(self) -> str: ...
    def to_markdown(self) -> str: ...

def parse_instant(text: str) -> int: ...
def evaluate_bytes(
    contract: Contract,
    data: bytes,
    name: str,
    format: str,
    as_of: str | None = None,
    years: tuple[int, int] | None = None,
    window: tuple[str, str] | None = None,
) -> Report: ...
def evaluate_file(
    contract: Contract,
    path: str,
    format: str | None = None,
    as_of: str | None = None,
    years: tuple[int, int] | None = None,
    window: tuple[str, str] | None = None,
) -> Report: ...
def diff(a: Report, b: Report) -> Dispute: ...

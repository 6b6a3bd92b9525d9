"""Errors that the CLI turns into one-line messages and a non-zero exit."""


class CcetlError(Exception):
    """Base of all errors meant for the user: str(e) is the one-line message."""

    exit_code = 1


class ConfigError(CcetlError):
    exit_code = 2


class InputError(CcetlError):
    """A file, argument or page that cannot be used."""

    exit_code = 2


class FetchError(CcetlError):
    pass


class WarehouseError(CcetlError):
    pass

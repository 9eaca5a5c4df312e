"""``mindspore.log``: MindSpore's logging functions, on Python's ``logging`` (the logger named ``unigrad``).

MindSpore names its levels by digits, as strings: '0' DEBUG, '1' INFO, '2' WARNING (the default), '3' ERROR,
'4' CRITICAL, and reads the starting level from the GLOG_v environment variable; so does this module."""
import logging
import os

_LEVELS = {"0": logging.DEBUG, "1": logging.INFO, "2": logging.WARNING, "3": logging.ERROR, "4": logging.CRITICAL}
_logger = logging.getLogger("unigrad")
if os.environ.get("GLOG_v") in _LEVELS:  # otherwise logging's own configuration decides (WARNING by default)
    _logger.setLevel(_LEVELS[os.environ["GLOG_v"]])

debug, info, warning, error, critical = _logger.debug, _logger.info, _logger.warning, _logger.error, _logger.critical


def get_level() -> str:
    """The current level as MindSpore spells it ('2' for WARNING)."""
    level = _logger.getEffectiveLevel()
    return next((digit for digit, value in _LEVELS.items() if value >= level), "4")


def get_log_config() -> dict[str, str]:
    """The logging settings, as MindSpore's keys (only the level applies: unigrad writes no log files)."""
    return {"GLOG_v": get_level()}

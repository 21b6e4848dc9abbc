"""Safe Passage: an offline emergency reference for travellers in a country in crisis."""

__version__ = "0.1.0"
APP_NAME = "Safe Passage"
APP_SLUG = "safe-passage"
APP_AUTHOR = "SafePassage"

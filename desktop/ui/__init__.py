"""Qt widgets: the main window, views, item models and dialogs (QtWidgets lives here only)."""

"""Filled by a later issue (see DESIGN.md); the app exists so the layout is whole from the start."""

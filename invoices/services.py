"""State-changing functions of this app (see DESIGN.md); filled by a later issue."""

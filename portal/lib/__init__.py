"""The kernel every app stands on. It imports no app and nothing of the shell (the rest of
`portal/`): tests/portal/test_kernel_imports.py reads its imports."""

import some_package_that_does_not_exist_xyz  # noqa: F401  (used by tests/test_backends.py)

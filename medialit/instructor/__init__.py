"""The instructor's workflow, one module per step: release a student copy, grade a class."""

"""The commands people type: `lecture-tool` (build, run, check, cache, freeze, serve, new,
migrate) and the pytest plugin that turns every snippet into a test.

Each command parses its arguments, calls the build flow (`pipeline`, `plan`) or a stage, prints,
and maps errors to exit codes. Nothing imports this package except the entry points
(`python -m lecture_tool`, the `lecture-tool` script, the `pytest11` entry point).
"""

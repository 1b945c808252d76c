# The harness is a pytest plugin: --impl, the student board, hypothesis profiles.
pytest_plugins = ["graders.plugin"]

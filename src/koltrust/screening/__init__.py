"""PURE screening: the rule model, rulebook loader and validator, matchers, engine, findings.
Nothing here imports SQLAlchemy or FastAPI, so it runs in the API, the CLI, a batch job and a
Spark executor alike."""

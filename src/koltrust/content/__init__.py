"""Posts: stateless pre-flight checks, idempotent ingestion, screening runs, stored findings."""

"""HTTP shell: the FastAPI application, its dependencies and the problem+json renderer."""

"""tracker: workstreams, RAG ratings, actions for improvement and risks, with full history."""

__version__ = "0.1.0"

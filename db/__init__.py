"""Data layer: models, engine, migrations and the store. Imports no Textual."""

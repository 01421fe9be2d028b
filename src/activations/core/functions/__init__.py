"""The activation functions, one module per family (the book's parts)."""

"""MindSpore's ``mindspore.common`` namespace: initializers live here."""

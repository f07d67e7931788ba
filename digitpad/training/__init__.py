"""Training data: dataset readers, synthetic ink and augmentation (not shipped with the app)."""

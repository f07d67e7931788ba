"""Everything that works without Qt: ink, rendering, preprocessing, the recognizer, files."""

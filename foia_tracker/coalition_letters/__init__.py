"""Coalition letters: one campaign letter citing evidence shared by several organisations."""

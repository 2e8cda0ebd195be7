"""Coalition campaigns: organisations that work one campaign and share evidence on purpose."""

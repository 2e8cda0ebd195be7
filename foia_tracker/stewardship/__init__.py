"""Stewardship of shared reference data: operators, and the changes tenants suggest to them."""

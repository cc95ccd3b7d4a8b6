"""Migration scripts, one per schema change, in revision order."""

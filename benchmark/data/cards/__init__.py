"""Data cards of imported datasets, one module per dataset; shared sections live in
benchmark.data.card."""

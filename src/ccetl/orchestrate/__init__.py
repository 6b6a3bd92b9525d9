"""Orchestration on top of ccetl.pipeline: partitions (windows), the partition ledger,
watermarks, backfill planning, data-quality checks, reprocessing and Prefect deployments.

Nothing here changes what a stage does; it decides which windows run, records how
they went, and wires the plain pipeline functions into Prefect (see flows/).
"""

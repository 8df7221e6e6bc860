"""Monte Carlo campaigns on Dask: declared flight dispersions and tracker/assessment
evaluations, run serially, on an embedded LocalCluster or on any Dask scheduler, written
as partitioned Parquet chunk by chunk (a rerun computes only what is missing), with an
optional stopping rule and a summary of tables and figures (docs/scale.md)."""

from __future__ import annotations

from .runner import CampaignRun, run_campaign
from .spec import EvaluationCampaign, FlightCampaign, StopRule, campaign_hash, load_campaign
from .store import ResultStore
from .summary import write_summary

__all__ = ["CampaignRun", "EvaluationCampaign", "FlightCampaign", "ResultStore", "StopRule",
           "campaign_hash", "load_campaign", "run_campaign", "write_summary"]

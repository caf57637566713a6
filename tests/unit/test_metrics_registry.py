"""The processor and the router share one stage-time series and can live in one process."""

from prometheus_client import REGISTRY


def test_processor_and_router_import_together_and_observe_one_series() -> None:
    import alerts.router
    import processors.app

    assert processors.app.STAGE_SECONDS is alerts.router.STAGE_SECONDS
    processors.app.STAGE_SECONDS.labels("detect").observe(0.002)
    alerts.router.STAGE_SECONDS.labels("route").observe(0.003)
    stages = {s.labels["stage"] for m in REGISTRY.collect() if m.name == "newsalert_stage_seconds"
              for s in m.samples if s.name.endswith("_count")}
    assert {"detect", "route"} <= stages

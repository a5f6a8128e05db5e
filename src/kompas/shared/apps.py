import gc

from django.apps import AppConfig

# Weighing thousands of regions makes hundreds of thousands of small objects at once, while the
# cached state of the current data version keeps about as many alive. With Python's default
# (700 allocations) the collector runs so often that it scans the live state again and again:
# 40 % of the CPU time of the overview at 3 000 regions after a save (957 ms, of which about
# 380 ms collection; with 50 000, 594 ms). Cycles are still collected, in larger batches.
GC_ALLOCATIONS = 50_000


class SharedConfig(AppConfig):
    name = "kompas.shared"
    label = "shared"
    verbose_name = "Shared layer"

    def ready(self) -> None:
        from kompas.shared import version

        version.watch_changes()
        gc.set_threshold(GC_ALLOCATIONS, *gc.get_threshold()[1:])

"""The NumPy engine's collectives: ``torch.distributed``'s engine (``backends/torch/distributed.py``), which takes the
engine's arrays as zero-copy DLPack views. It needs torch; without it ``init()`` says which extra to install."""
try:
    from unigrad.backends.torch.distributed import ENGINE  # noqa: F401
except ImportError as err:
    raise ImportError("the numpy backend's collectives run on torch.distributed, which is not installed: "
                      "pip install 'unigrad[torch]' (the CPU wheel: pip install torch --index-url "
                      "https://download.pytorch.org/whl/cpu)") from err
